import type { Person } from '../session/presence';
import { usePopover } from './usePopover';

const ROLE_LABEL = { facilitator: 'facilitator', participant: '', viewer: 'viewing' } as const;
const SHOWN = 4;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** Who is here now: a stack of avatars with a count, opening into the full list. */
export function PresenceList({ people }: { people: readonly Person[] }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();

  const shown = people.slice(0, SHOWN);
  return (
    <div className="presence" ref={ref}>
      <button className="presence__button" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Who is here" data-testid="presence">
        <span className="presence__stack">
          {shown.map((p) => (
            <span key={p.id} className="avatar" style={{ background: p.color }} aria-hidden="true">
              {initials(p.name)}
            </span>
          ))}
        </span>
        <span className="presence__count">{people.length} here</span>
      </button>
      {open && (
        <ul className="presence__list" aria-label="People here">
          {people.map((p) => (
            <li key={p.id}>
              <span className="avatar avatar--small" style={{ background: p.color }} aria-hidden="true">
                {initials(p.name)}
              </span>
              <span className="presence__name">
                {p.name}
                {p.isSelf && <span className="presence__you"> (you)</span>}
              </span>
              {ROLE_LABEL[p.role] && <span className="presence__role">{ROLE_LABEL[p.role]}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
