import type { Role } from '@shared/roles';
import type { LinkState } from '../session/connectionStatus';
import type { Person } from '../session/presence';
import { ConnectionBadge } from './ConnectionBadge';
import { Icon } from './icons';
import { LanguageSelect } from './LanguageSelect';
import { PresenceList } from './PresenceList';
import { useT } from '../i18n';

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
  const { t } = useT();
  const roleLabel = role === 'viewer' ? t('topbar.viewOnly') : role === 'facilitator' ? t('topbar.facilitator') : null;
  return (
    <header className="topbar">
      <div className="topbar__title">
        <span className="topbar__brand">{t('common.brand')}</span>
        <h1 title={title}>{title}</h1>
        {roleLabel && (
          <span className={`role-badge role-badge--${role}`} title={roleLabel}>
            {role === 'viewer' && <Icon name="eye" size={16} />}
            <span className="role-badge__text">{roleLabel}</span>
          </span>
        )}
      </div>
      <div className="topbar__right">
        {role === 'facilitator' && (
          <button className="button topbar__history" aria-expanded={historyOpen} onClick={onToggleHistory} title={t('topbar.history')}>
            <Icon name="history" />
            <span className="topbar__label">{t('topbar.history')}</span>
          </button>
        )}
        <LanguageSelect />
        <PresenceList people={people} />
        <ConnectionBadge state={connection} />
      </div>
    </header>
  );
}
