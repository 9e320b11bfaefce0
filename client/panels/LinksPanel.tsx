import { useState } from 'react';
import { ROLES, type Role } from '@shared/roles';
import { rotateLink } from '../api/workshops';
import { useT } from '../i18n';

/** A new link per role, for when a link has leaked: the old one stops admitting anyone new. */
export function LinksPanel({ workshopId, token }: { workshopId: string; token: string }) {
  const [confirming, setConfirming] = useState<Role | null>(null);
  const [fresh, setFresh] = useState<Partial<Record<Role, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<Role | null>(null);
  const { t } = useT();

  const copy = async (role: Role, link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
    } catch {
      setError(t('links.copyBlocked'));
    }
  };

  const rotate = async (role: Role) => {
    setBusy(true);
    setError(null);
    try {
      const { link } = await rotateLink(workshopId, role, token);
      setFresh((f) => ({ ...f, [role]: link }));
      setConfirming(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : t('links.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="fac-hint">{t('links.hint')}</p>
      {ROLES.map((role) => (
        <div key={role} className="fac-link" data-role={role}>
          {confirming === role ? (
            <div className="fac-row">
              <span className="fac-grow fac-hint">{t('links.oldStops', { link: t(`invite.roles.${role}.link`) })}</span>
              <button className="button button--danger" disabled={busy} onClick={() => void rotate(role)}>
                {t('links.newLink')}
              </button>
              <button className="button" disabled={busy} onClick={() => setConfirming(null)}>
                {t('common.cancel')}
              </button>
            </div>
          ) : (
            <button className="button fac-wide" onClick={() => setConfirming(role)}>
              {t('links.new', { link: t(`invite.roles.${role}.link`) })}
            </button>
          )}
          {fresh[role] && (
            <div className="fac-row">
              <input className="fac-link__value" readOnly value={fresh[role]} aria-label={t('links.new', { link: t(`invite.roles.${role}.link`) })} onFocus={(e) => e.currentTarget.select()} />
              <button className="button" onClick={() => void copy(role, fresh[role]!)}>
                {copied === role ? t('common.copied') : t('common.copy')}
              </button>
            </div>
          )}
        </div>
      ))}
      {error && (
        <p className="fac-hint fac-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
