import type { WebsocketProvider } from 'y-websocket';

const MIN_DELAY_MS = 100;

/**
 * The stock provider waits min(2^n · 100 ms, maxBackoffTime) after its n-th failed attempt:
 * the same schedule for every client, so after a server restart a whole room knocks at once.
 * This spreads each wait over 50–100 % of the due delay ("equal jitter").
 */
export function addReconnectJitter(provider: WebsocketProvider, capMs = provider.maxBackoffTime, random: () => number = Math.random): void {
  provider.on('connection-close', () => {
    // Emitted just before the provider counts the failure and schedules the retry, so n + 1 is the attempt about to be timed.
    const due = Math.min(2 ** (provider.wsUnsuccessfulReconnects + 1) * 100, capMs);
    provider.maxBackoffTime = Math.max(MIN_DELAY_MS, Math.round(due * (0.5 + random() * 0.5)));
  });
}
