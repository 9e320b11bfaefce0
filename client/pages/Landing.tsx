import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { createWorkshop, type CreatedWorkshop } from '../api/workshops';
import { Icon } from '../panels/icons';
import { LanguageSelect } from '../panels/LanguageSelect';
import { standardWordingIn, useT } from '../i18n';
import { useLimits } from '../session/limits';

type LinkRole = 'facilitator' | 'participant' | 'viewer';
const ROLES: LinkRole[] = ['facilitator', 'participant', 'viewer'];

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The async clipboard needs a secure context; a plain-http LAN server falls back to execCommand.
    const input = document.createElement('textarea');
    input.value = text;
    input.setAttribute('readonly', '');
    input.style.position = 'fixed';
    input.style.opacity = '0';
    document.body.appendChild(input);
    input.select();
    const ok = document.execCommand('copy');
    input.remove();
    return ok;
  }
}

function LinkRow({ role, link }: { role: LinkRole; link: string }) {
  const [copied, setCopied] = useState(false);
  const { t } = useT();
  const title = t(`landing.roles.${role}.link`);
  return (
    <li className="link-row" data-role={role}>
      <div className="link-row__head">
        <h3>{title}</h3>
        <p>{t(`landing.roles.${role}.who`)}</p>
      </div>
      <div className="link-row__copy">
        <input readOnly value={link} aria-label={title} onFocus={(e) => e.currentTarget.select()} data-testid={`link-${role}`} />
        <button
          className="button"
          onClick={async () => {
            setCopied(await copyText(link));
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          <Icon name={copied ? 'check' : 'copy'} size={18} />
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
    </li>
  );
}

/** Keeps the user on the origin they are using (the server's PUBLIC_URL may name another). */
function localHref(link: string): string {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.hash}`;
  } catch {
    return link;
  }
}

export function Landing() {
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWorkshop | null>(null);
  const { t, language } = useT();
  const { maxTitle } = useLimits();
  const paths = standardWordingIn(language).paths;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      setCreated(await createWorkshop(title.trim()));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('common.somethingWrong'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="landing">
      <div className="landing__card">
        <div className="landing__header">
          <p className="landing__brand">{t('common.brand')}</p>
          <LanguageSelect />
        </div>
        {!created ? (
          <>
            <h1>{t('landing.heading')}</h1>
            <p className="landing__lead">
              {t('landing.lead', { tech: paths.technology.name, sb: paths['social-business'].name, cv: paths['collective-values'].name, pr: paths['product-resonance'].name })}
            </p>
            <form onSubmit={submit} className="landing__form">
              <label htmlFor="title">{t('landing.titleLabel')}</label>
              <div className="landing__row">
                <input
                  id="title"
                  value={title}
                  maxLength={maxTitle}
                  placeholder={t('landing.titlePlaceholder')}
                  onChange={(e) => setTitle(e.target.value)}
                  autoFocus
                  required
                />
                <button className="button button--primary" type="submit" disabled={busy || !title.trim()}>
                  {busy ? t('landing.creating') : t('landing.create')}
                </button>
              </div>
              {error && (
                <p className="form-error" role="alert">
                  {error}
                </p>
              )}
            </form>
          </>
        ) : (
          <>
            <h1>{created.title}</h1>
            <p className="landing__lead">{t('landing.ready')}</p>
            <ul className="links">
              {ROLES.map((r) => (
                <LinkRow key={r} role={r} link={created.links[r]} />
              ))}
            </ul>
            <p className="muted">{t('landing.keepSafe')}</p>
            <a className="button button--primary button--wide" href={localHref(created.links.facilitator)} data-testid="open-facilitator">
              {t('landing.openBoard')}
            </a>
          </>
        )}
      </div>
    </main>
  );
}
