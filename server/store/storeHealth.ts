import type { AsyncStore } from './types';

// SQLite result codes that mean "the store cannot write now" (locked, full, read-only, failing disk), not a bug.
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PROTOCOL|NOTADB|CORRUPT)/;
// The same for PostgreSQL: SQLSTATE connection exceptions (08), insufficient resources (53), shutdown (57P0x),
// a read-only server (25006), a lock wait given up (55P03); and the network errors of reaching it.
const PG_UNAVAILABLE = /^(08...|53...|57P0[1-3]|25006|55P03|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE)$/;

/** Whether an error says the store cannot write now (the caller should get 503, not 500). */
export function isStoreUnavailable(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code));
}

type Health = { ok: true } | { ok: false; error: string };

/**
 * Watches every write the server makes through the store: counts failures (so a route can tell
 * whether its write was lost) and answers /healthz from a real write probe, cached.
 */
export class StoreHealth {
  /** Store writes that failed since the server started. */
  failures = 0;
  private listeners = new Set<() => void>();
  private probed: { at: number; health: Health } | null = null;

  constructor(private readonly probeIntervalMs: number) {}

  /** The same async store, with every write watched. */
  watchAsync(store: AsyncStore): AsyncStore {
    const track = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        this.failed();
        throw err;
      }
    };
    return {
      ...store,
      appendUpdates: track(store.appendUpdates),
      compact: track(store.compact),
      claimOnce: track(store.claimOnce),
      createWorkshop: track(store.createWorkshop),
      addParticipant: track(store.addParticipant),
      removeParticipant: track(store.removeParticipant),
      setKeyHash: track(store.setKeyHash),
      castVote: track(store.castVote),
      addSnapshot: track(store.addSnapshot),
      bindClientIds: track(store.bindClientIds),
      saveInviteKey: track(store.saveInviteKey),
      saveJoinCode: track(store.saveJoinCode),
      joinSeries: track(store.joinSeries),
      setMeta: track(store.setMeta),
      probeWrite: track(store.probeWrite),
    };
  }

  /** Runs fn once the next store failure happens; returns a function that cancels it. */
  onFailure(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Whether the store can write, from a real write at most once per probe interval. */
  async check(store: AsyncStore): Promise<Health> {
    const now = Date.now();
    if (this.probed && now - this.probed.at < this.probeIntervalMs) return this.probed.health;
    let health: Health;
    try {
      await store.probeWrite();
      health = { ok: true };
    } catch (err) {
      health = { ok: false, error: `the store cannot write: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.probed = { at: now, health };
    return health;
  }

  private failed(): void {
    this.failures++;
    // A failed write means the last probe may be stale.
    this.probed = null;
    for (const fn of [...this.listeners]) fn();
  }
}
