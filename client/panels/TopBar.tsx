import type { Role } from '@shared/roles';
import type { LinkState } from '../session/connectionStatus';
import type { Person } from '../session/presence';
import { ConnectionBadge } from './ConnectionBadge';
import { PresenceList } from './PresenceList';

interface TopBarProps {
  title: string;
  role: Role;
  people: readonly Person[];
  connection: LinkState;
  historyOpen: boolean;
  onToggleHistory: () => void;
}

/** The bar over the canvas: the workshop's title and my role, who is here, the connection. */
export function TopBar({ title, role, people, connection, historyOpen, onToggleHistory }: TopBarProps) {
  return (
    <header className="topbar">
      <div className="topbar__title">
        <span className="topbar__brand">Four Paths</span>
        <h1 title={title}>{title}</h1>
        {role !== 'participant' && <span className={`role-badge role-badge--${role}`}>{role === 'viewer' ? 'View only' : 'Facilitator'}</span>}
      </div>
      <div className="topbar__right">
        {role === 'facilitator' && (
          <button className="button" aria-expanded={historyOpen} onClick={onToggleHistory}>
            History
          </button>
        )}
        <PresenceList people={people} />
        <ConnectionBadge state={connection} />
      </div>
    </header>
  );
}
