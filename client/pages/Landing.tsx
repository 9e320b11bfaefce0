import { useState, type FormEvent } from 'react';
import { createWorkshop, ApiError, type CreatedWorkshop } from '../session/api';
import { Icon } from '../panels/icons';

const ROLE_TEXT = {
  facilitator: { title: 'Facilitator', who: 'For you and any co-facilitators: runs the session. Keep it to yourselves.' },
  participant: { title: 'Participant', who: 'For everyone taking part: they write notes and place them on the four paths.' },
  viewer: { title: 'Viewer', who: 'For the projector or observers: shows the board live, without editing.' },
} as const;

type LinkRole = keyof typeof ROLE_TEXT;
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
  const text = ROLE_TEXT[role];
  return (
    <li className="link-row" data-role={role}>
      <div className="link-row__head">
        <h3>{text.title} link</h3>
        <p>{text.who}</p>
      </div>
      <div className="link-row__copy">
        <input readOnly value={link} aria-label={`${text.title} link`} onFocus={(e) => e.currentTarget.select()} data-testid={`link-${role}`} />
        <button
          className="button"
          onClick={async () => {
            setCopied(await copyText(link));
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          <Icon name={copied ? 'check' : 'copy'} size={18} />
          {copied ? 'Copied' : 'Copy'}
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      setCreated(await createWorkshop(title.trim()));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="landing">
      <div className="landing__card">
        <p className="landing__brand">Four Paths</p>
        {!created ? (
          <>
            <h1>Run a Four Paths workshop</h1>
            <p className="landing__lead">
              Your group writes the initiatives that are making your organization more social, then places each one on the
              four paths: Technology, Social Business, Collective Values and Product Resonance.
            </p>
            <form onSubmit={submit} className="landing__form">
              <label htmlFor="title">Workshop title</label>
              <div className="landing__row">
                <input
                  id="title"
                  value={title}
                  maxLength={120}
                  placeholder="e.g. Leadership offsite, March"
                  onChange={(e) => setTitle(e.target.value)}
                  autoFocus
                  required
                />
                <button className="button button--primary" type="submit" disabled={busy || !title.trim()}>
                  {busy ? 'Creating…' : 'Create workshop'}
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
            <p className="landing__lead">Your workshop is ready. Share each link with the right people: whoever has a link joins with its role.</p>
            <ul className="links">
              {ROLES.map((r) => (
                <LinkRow key={r} role={r} link={created.links[r]} />
              ))}
            </ul>
            <p className="muted">Keep these links somewhere safe: anyone who has one can join in its role.</p>
            <a className="button button--primary button--wide" href={localHref(created.links.facilitator)} data-testid="open-facilitator">
              Open the board as facilitator
            </a>
          </>
        )}
      </div>
    </main>
  );
}
