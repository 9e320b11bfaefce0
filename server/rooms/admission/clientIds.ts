import type { ClientIdBindings } from '../clientIdBindings';
import type { RoomClientIdBinding } from '../../store/types';

/** The owner recorded for client ids the server writes under itself. */
export const SERVER_OWNER = '@server';

export type Claim =
  | { ok: true; fresh: number[] }
  | { ok: false; reason: string };

/**
 * A room's client-id bindings: a Yjs client id belongs to the participant who first wrote
 * under it (in the document or in presence), so nobody can write or appear under another's id.
 */
export class ClientIds implements ClientIdBindings {
  private owners: Map<number, string>;
  private perOwner = new Map<string, number>();

  /**
   * `stored` is what the store holds for the room; `persist` stores bindings made outside a
   * document write (presence), which the room hands to its pipeline.
   */
  constructor(
    private readonly room: string,
    stored: Map<number, string>,
    private readonly maxPerParticipant: number,
    private readonly persist: (bindings: RoomClientIdBinding[]) => void,
  ) {
    this.owners = new Map(stored);
    for (const owner of this.owners.values()) this.perOwner.set(owner, (this.perOwner.get(owner) ?? 0) + 1);
  }

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  /** Marks an id as the server's own, in memory (each loaded document gets a new one). */
  claimForServer(clientId: number): void {
    this.owners.set(clientId, SERVER_OWNER);
  }

  /**
   * Whether `participantId` may write under every id in `ids`. An id nobody owns is free only
   * when the document holds nothing under it yet (`hasHistory` tells); ids already in the
   * document from before bindings existed belong to no one who can prove it.
   */
  check(ids: Iterable<number>, participantId: string, hasHistory: (id: number) => boolean): Claim {
    const fresh: number[] = [];
    for (const id of ids) {
      const owner = this.owners.get(id);
      if (owner === participantId) continue;
      if (owner !== undefined || hasHistory(id)) return { ok: false, reason: 'these changes are written under another person’s client id' };
      fresh.push(id);
    }
    if ((this.perOwner.get(participantId) ?? 0) + fresh.length > this.maxPerParticipant) {
      return { ok: false, reason: 'too many client ids for one person in this room; reload the page' };
    }
    return { ok: true, fresh };
  }

  /** For presence: binds a free id to the participant (within their allowance) or confirms their own. */
  bind(clientId: number, participantId: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner !== undefined) return owner === participantId;
    if ((this.perOwner.get(participantId) ?? 0) >= this.maxPerParticipant) return false;
    const made = this.bindAll([clientId], participantId);
    if (made.length > 0) this.store(made);
    return true;
  }

  /**
   * Records ids that `check` found free, in memory at once; returns the new bindings, which the
   * caller stores in the same transaction as the update written under them (so a restart, or
   * another instance, knows them before anyone has seen that update).
   */
  bindAll(ids: readonly number[], participantId: string): RoomClientIdBinding[] {
    const made: RoomClientIdBinding[] = [];
    for (const id of ids) {
      if (this.owners.has(id)) continue;
      this.owners.set(id, participantId);
      this.perOwner.set(participantId, (this.perOwner.get(participantId) ?? 0) + 1);
      made.push({ room: this.room, clientId: id, participantId });
    }
    return made;
  }

  /** Stores bindings made outside a document write. */
  store(bindings: RoomClientIdBinding[]): void {
    this.persist(bindings);
  }

  /** Bindings another instance made (it stored them already); the first one known wins here too. */
  learn(bindings: readonly { clientId: number; participantId: string }[]): void {
    for (const b of bindings) {
      if (this.owners.has(b.clientId)) continue;
      this.owners.set(b.clientId, b.participantId);
      this.perOwner.set(b.participantId, (this.perOwner.get(b.participantId) ?? 0) + 1);
    }
  }
}
