import { useState } from 'react';
import { CLOSE } from '@shared/protocol';
import type { ConnectionSnapshot } from '../session/connectionStatus';
import { useT } from '../i18n';

interface StatusBannersProps {
  status: ConnectionSnapshot;
  /** The facilitator locked the board for everyone else. */
  locked: boolean;
  onRejoin: () => void;
  /** Drop this device's unsynced changes and load the board as the server has it. */
  onDiscardLocal: () => void;
}

const REFUSAL_HINTS: Record<number, string> = { [CLOSE.unauthorized]: 'session', [CLOSE.forbidden]: 'role', [CLOSE.notFound]: 'gone' };

/** Messages about the session as a whole: refused access, a refused change, a locked board. */
export function StatusBanners({ status, locked, onRejoin, onDiscardLocal }: StatusBannersProps) {
  const [dismissedDenial, setDismissedDenial] = useState<string | null>(null);
  const { t } = useT();

  if (status.refusal) {
    // The facilitator removing someone is told as such; other refusals keep their plain hint.
    const known = REFUSAL_HINTS[status.refusal.code];
    const hint = /removed/.test(status.refusal.reason) ? t('status.removed') : known ? t(`status.refusal.${known}`) : status.refusal.reason;
    return (
      <div className="overlay" role="alertdialog" aria-labelledby="refused-title">
        <div className="dialog">
          <h2 id="refused-title">{t('status.refusedTitle')}</h2>
          {hint && <p>{hint}</p>}
          <p className="muted">{t('status.askFresh')}</p>
          <div className="dialog__actions">
            <button className="button button--primary" onClick={onRejoin}>
              {t('status.joinAgain')}
            </button>
            <a className="button" href="/">
              {t('common.startPage')}
            </a>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="banners" aria-live="polite">
      {locked && <div className="banner">{t('status.locked')}</div>}
      {status.denied && status.denied !== dismissedDenial && (
        <div className="banner banner--warn" role="alert">
          <span>{t('status.denied', { reason: status.denied })}</span>
          {/* A refused change stays on this device and is offered again on every reconnect. */}
          <button className="button banner__action" onClick={onDiscardLocal} title={t('status.reloadTitle')}>
            {t('status.reload')}
          </button>
          <button className="banner__close" onClick={() => setDismissedDenial(status.denied)} aria-label={t('common.dismiss')}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
