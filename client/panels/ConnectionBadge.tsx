import type { LinkState } from '../session/connectionStatus';
import { useT } from '../i18n';

export function ConnectionBadge({ state }: { state: LinkState }) {
  const { t } = useT();
  const label = { short: t(`connection.${state}.short`), long: t(`connection.${state}.long`) };
  return (
    <div className={`connection connection--${state}`} role="status" title={label.long} data-testid="connection" data-state={state}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{label.short}</span>
    </div>
  );
}
