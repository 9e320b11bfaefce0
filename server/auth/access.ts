import type { Role } from '@shared/roles';
import type { AccessBook } from '../store/types';
import { hashKey, newKey } from './keys';

/** What a removed person is told, on HTTP (403) and when their sockets close (4403). */
export const REMOVED = 'you were removed from this workshop';

/** `here`: the removal was made on this instance (not learnt from another one). */
type RemovedListener = (workshopId: string, participantId: string, here: boolean) => void;
/** Told when a role's link of a workshop gets a new key (the old one stops joining). */
export type LinkRotatedListener = (workshopId: string, role: Role, key: string) => void | Promise<void>;

/**
 * Who may no longer come in: removed people (kept in memory, so checking a token costs no
 * query) and rotated links. Listeners let other parts react: sockets close on removal, and
 * anything derived from a link (a join short code) renews when the link rotates.
 */
export class Access {
  private readonly removedListeners = new Set<RemovedListener>();
  private readonly rotatedListeners = new Set<LinkRotatedListener>();

  private constructor(
    private readonly store: AccessBook,
    private readonly removed: Set<string>,
  ) {}

  /** Reads every removal once; afterwards the set in memory is kept up to date. */
  static async open(store: AccessBook): Promise<Access> {
    return new Access(store, new Set(await store.removedParticipantIds()));
  }

  isRemoved(participantId: string): boolean {
    return this.removed.has(participantId);
  }

  /**
   * Refuses the token at once (so a concurrent check, like "the last facilitator", sees it), stores
   * the removal (undoing the refusal and rejecting if the store cannot), then tells listeners.
   */
  async remove(workshopId: string, participantId: string, removedBy: string): Promise<void> {
    const added = !this.removed.has(participantId);
    this.removed.add(participantId);
    try {
      await this.store.removeParticipant({ workshopId, participantId, removedAt: Date.now(), removedBy });
    } catch (err) {
      if (added) this.removed.delete(participantId);
      throw err;
    }
    for (const fn of [...this.removedListeners]) fn(workshopId, participantId, true);
  }

  /** A removal another instance stored: refused here too from now on. */
  learnRemoved(workshopId: string, participantId: string): void {
    if (this.removed.has(participantId)) return;
    this.removed.add(participantId);
    for (const fn of [...this.removedListeners]) fn(workshopId, participantId, false);
  }

  /** Reads the removals again (after the bus was away, one may have been missed). */
  async refresh(): Promise<void> {
    for (const id of await this.store.removedParticipantIds()) this.learnRemoved('', id);
  }

  /** Gives a role's link a new key, stored as a hash; returns the key. Tokens already issued stay valid. */
  async rotate(workshopId: string, role: Role): Promise<string> {
    const key = newKey();
    await this.store.setKeyHash(workshopId, role, hashKey(key));
    // Waited for: what follows the link (the join code) is renewed before the new link is handed out.
    await Promise.all([...this.rotatedListeners].map((fn) => fn(workshopId, role, key)));
    return key;
  }

  onRemoved(fn: RemovedListener): () => void {
    this.removedListeners.add(fn);
    return () => this.removedListeners.delete(fn);
  }

  /** The hook for whatever must change with a link (e.g. a join short code). */
  onLinkRotated(fn: LinkRotatedListener): () => void {
    this.rotatedListeners.add(fn);
    return () => this.rotatedListeners.delete(fn);
  }
}
