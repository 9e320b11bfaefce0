import { useState } from 'react';
import type { ConnectionSnapshot } from '../session/connectionStatus';

interface StatusBannersProps {
  status: ConnectionSnapshot;
  /** The facilitator locked the board for everyone else. */
  locked: boolean;
  onRejoin: () => void;
  /** Drop this device's unsynced changes and load the board as the server has it. */
  onDiscardLocal: () => void;
}

const REFUSAL_HINTS: Record<number, string> = {
  4401: 'Your session is no longer valid.',
  4403: 'Your role does not allow this.',
  4404: 'This workshop no longer exists.',
};

/** Messages about the session as a whole: refused access, a refused change, a locked board. */
export function StatusBanners({ status, locked, onRejoin, onDiscardLocal }: StatusBannersProps) {
  const [dismissedDenial, setDismissedDenial] = useState<string | null>(null);

  if (status.refusal) {
    // The facilitator removing someone is told as such; other refusals keep their plain hint.
    const hint = /removed/.test(status.refusal.reason) ? 'The facilitator removed you from this workshop.' : (REFUSAL_HINTS[status.refusal.code] ?? status.refusal.reason);
    return (
      <div className="overlay" role="alertdialog" aria-labelledby="refused-title">
        <div className="dialog">
          <h2 id="refused-title">Your access to this workshop was refused</h2>
          {hint && <p>{hint}</p>}
          <p className="muted">Ask the facilitator for a fresh link if you should be here.</p>
          <div className="dialog__actions">
            <button className="button button--primary" onClick={onRejoin}>
              Join again
            </button>
            <a className="button" href="/">
              Start page
            </a>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="banners" aria-live="polite">
      {locked && <div className="banner">The facilitator has locked the board. You can look around, but not change notes.</div>}
      {status.denied && status.denied !== dismissedDenial && (
        <div className="banner banner--warn" role="alert">
          <span>The server did not accept your last change: {status.denied}.</span>
          {/* A refused change stays on this device and is offered again on every reconnect. */}
          <button className="button banner__action" onClick={onDiscardLocal} title="Drop the changes the server refused and show the board as everyone else sees it">
            Reload board
          </button>
          <button className="banner__close" onClick={() => setDismissedDenial(status.denied)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
