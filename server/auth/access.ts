import type { Role } from '@shared/roles';
import type { AccessStore } from '../store/types';
import { hashKey, newKey } from './keys';

/** What a removed person is told, on HTTP (403) and when their sockets close (4403). */
export const REMOVED = 'you were removed from this workshop';

type RemovedListener = (workshopId: string, participantId: string) => void;
/** Told when a role's link of a workshop gets a new key (the old one stops joining). */
export type LinkRotatedListener = (workshopId: string, role: Role, key: string) => void;

/**
 * Who may no longer come in: removed people (kept in memory, so checking a token costs no
 * query) and rotated links. Listeners let other parts react: sockets close on removal, and
 * anything derived from a link (a join short code) renews when the link rotates.
 */
export class Access {
  private readonly removed: Set<string>;
  private readonly removedListeners = new Set<RemovedListener>();
  private readonly rotatedListeners = new Set<LinkRotatedListener>();

  constructor(private readonly store: AccessStore) {
    this.removed = new Set(store.removedParticipantIds());
  }

  isRemoved(participantId: string): boolean {
    return this.removed.has(participantId);
  }

  /** Stores the removal first (throws if the store cannot), then refuses the token and tells listeners. */
  remove(workshopId: string, participantId: string, removedBy: string): void {
    this.store.removeParticipant({ workshopId, participantId, removedAt: Date.now(), removedBy });
    this.removed.add(participantId);
    for (const fn of [...this.removedListeners]) fn(workshopId, participantId);
  }

  /** Gives a role's link a new key, stored as a hash; returns the key. Tokens already issued stay valid. */
  rotate(workshopId: string, role: Role): string {
    const key = newKey();
    this.store.setKeyHash(workshopId, role, hashKey(key));
    for (const fn of [...this.rotatedListeners]) fn(workshopId, role, key);
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
