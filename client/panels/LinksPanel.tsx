import { useState } from 'react';
import { ROLES, type Role } from '@shared/roles';
import { rotateLink } from '../session/api';

const ROLE_NAMES: Record<Role, string> = { facilitator: 'Facilitator', participant: 'Participant', viewer: 'Viewer' };

/** A new link per role, for when a link has leaked: the old one stops admitting anyone new. */
export function LinksPanel({ workshopId, token }: { workshopId: string; token: string }) {
  const [confirming, setConfirming] = useState<Role | null>(null);
  const [fresh, setFresh] = useState<Partial<Record<Role, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<Role | null>(null);

  const copy = async (role: Role, link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
    } catch {
      setError('Copying is blocked here; select the link and copy it by hand.');
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
      setError(err instanceof Error ? err.message : 'Could not make a new link.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="fac-hint">A new link stops the old one from letting anyone in; people already here stay.</p>
      {ROLES.map((role) => (
        <div key={role} className="fac-link" data-role={role}>
          {confirming === role ? (
            <div className="fac-row">
              <span className="fac-grow fac-hint">The old {ROLE_NAMES[role].toLowerCase()} link will stop working.</span>
              <button className="button button--danger" disabled={busy} onClick={() => void rotate(role)}>
                New link
              </button>
              <button className="button" disabled={busy} onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          ) : (
            <button className="button fac-wide" onClick={() => setConfirming(role)}>
              New {ROLE_NAMES[role].toLowerCase()} link
            </button>
          )}
          {fresh[role] && (
            <div className="fac-row">
              <input className="fac-link__value" readOnly value={fresh[role]} aria-label={`New ${ROLE_NAMES[role].toLowerCase()} link`} onFocus={(e) => e.currentTarget.select()} />
              <button className="button" onClick={() => void copy(role, fresh[role]!)}>
                {copied === role ? 'Copied' : 'Copy'}
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
