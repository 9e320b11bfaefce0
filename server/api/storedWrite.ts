import type { DocAccess } from '../deps';
import type { StoreHealth } from '../store/storeHealth';
import { HttpError } from './errors';

export const STORE_UNAVAILABLE = 'the store cannot save this right now; try again in a moment';

/** Server writes to a room document that a route may only confirm once they are on disk. */
export class StoredWrites {
  constructor(
    private readonly docs: DocAccess,
    private readonly health: StoreHealth,
    private readonly afterDurable: (fn: () => void) => void,
  ) {}

  /** Writes as the server and waits until the change is stored; throws 503 when a store write failed meanwhile (the change is then gone). */
  async transact(room: string, fn: Parameters<DocAccess['transact']>[1], reason: string): Promise<void> {
    const before = this.health.failures;
    await this.docs.transact(room, fn, reason);
    await new Promise<void>((resolve) => {
      const cancel = this.health.onFailure(() => {
        cancel();
        resolve();
      });
      this.afterDurable(() => {
        cancel();
        resolve();
      });
    });
    if (this.health.failures !== before) throw new HttpError(503, STORE_UNAVAILABLE);
  }
}
