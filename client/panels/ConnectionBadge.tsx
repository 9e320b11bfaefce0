import type { LinkState } from '../session/connectionStatus';

const LABELS: Record<LinkState, { short: string; long: string }> = {
  connecting: { short: 'Connecting…', long: 'Connecting to the workshop…' },
  connected: { short: 'Connected', long: 'Connected: your changes are shared live.' },
  reconnecting: { short: 'Reconnecting…', long: 'Connection lost. Reconnecting; your changes are kept on this device.' },
  offline: { short: 'Offline', long: 'Offline. Keep working: your changes are kept on this device and sync when you are back.' },
  refused: { short: 'Refused', long: 'The server refused access to this workshop.' },
};

export function ConnectionBadge({ state }: { state: LinkState }) {
  const label = LABELS[state];
  return (
    <div className={`connection connection--${state}`} role="status" title={label.long} data-testid="connection" data-state={state}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{label.short}</span>
    </div>
  );
}
