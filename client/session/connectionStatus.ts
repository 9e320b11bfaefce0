// Presence-free, document-free view of how well we are connected, for the badge, the
// refusal message and the test API. A small store so React reads it with useSyncExternalStore.

export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

export interface ConnectionSnapshot {
  state: LinkState;
  /** The board has exchanged its state with the server since the last (re)connect. */
  synced: boolean;
  /** Why the server closed for good (close codes 4400–4499). */
  refusal: { code: number; reason: string } | null;
  /** The last write the server refused, e.g. after the board was locked. */
  denied: string | null;
}

export interface LinkFacts {
  online: boolean;
  /** Every room's socket is open. */
  allOpen: boolean;
  everConnected: boolean;
  /** Consecutive failed attempts of the worst room. */
  failedAttempts: number;
  refusal: { code: number; reason: string } | null;
  /** An open socket has heard nothing for STALE_AFTER_MS despite the heartbeat: the network is gone. */
  stale: boolean;
}

/** The control room asks the server for its state this often; any answer proves the link alive. */
export const HEARTBEAT_MS = 2000;
/** Silence after which an open socket is taken for dead (the browser itself waits about 30 s). */
export const STALE_AFTER_MS = 4000;

export function isStale(socketOpen: boolean, lastMessageAt: number, now: number): boolean {
  return socketOpen && lastMessageAt > 0 && now - lastMessageAt > STALE_AFTER_MS;
}

/** After this many failures in a row we stop saying "reconnecting" and admit we are offline. */
export const OFFLINE_AFTER_FAILURES = 4;

export function linkState(f: LinkFacts): LinkState {
  if (f.refusal) return 'refused';
  // Before "all open": a socket looks open for half a minute after the network went away.
  if (!f.online || f.stale) return 'offline';
  if (f.allOpen) return 'connected';
  if (f.failedAttempts >= OFFLINE_AFTER_FAILURES) return 'offline';
  return f.everConnected ? 'reconnecting' : 'connecting';
}

export class ConnectionStatus {
  private snapshot: ConnectionSnapshot = { state: 'connecting', synced: false, refusal: null, denied: null };
  private listeners = new Set<() => void>();

  get = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<ConnectionSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    const s = this.snapshot;
    if (next.state === s.state && next.synced === s.synced && next.refusal === s.refusal && next.denied === s.denied) return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}
