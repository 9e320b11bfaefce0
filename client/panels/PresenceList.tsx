import type { Person } from '../session/presence';
import { usePopover } from './usePopover';
import { useT } from '../i18n';
import { initials } from './initials';

const SHOWN = 4;

/** Who is here now: a stack of avatars with a count, opening into the full list. */
export function PresenceList({ people }: { people: readonly Person[] }) {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const { t } = useT();

  const shown = people.slice(0, SHOWN);
  return (
    <div className="presence" ref={ref}>
      <button className="presence__button" aria-expanded={open} onClick={() => setOpen((o) => !o)} title={t('presence.whoIsHere')} data-testid="presence">
        <span className="presence__stack">
          {shown.map((p) => (
            <span key={p.id} className="avatar" style={{ background: p.color }} aria-hidden="true">
              {initials(p.name)}
            </span>
          ))}
        </span>
        <span className="presence__count">{t('presence.here', { count: people.length })}</span>
      </button>
      {open && (
        <ul className="presence__list" aria-label={t('presence.peopleHere')}>
          {people.map((p) => (
            <li key={p.id}>
              <span className="avatar avatar--small" style={{ background: p.color }} aria-hidden="true">
                {initials(p.name)}
              </span>
              <span className="presence__name">
                {p.name}
                {p.isSelf && <span className="presence__you"> {t('presence.you')}</span>}
              </span>
              {p.role !== 'participant' && <span className="presence__role">{t(`presence.role.${p.role}`)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
