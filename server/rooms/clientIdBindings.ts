/**
 * Who each client id of one room belongs to: the participant who first used it. Yjs updates
 * and awareness share the id (y-websocket uses the document's client id for both), so the
 * room's persistent update bindings can fill this seam as well as the in-memory one below.
 */
export interface ClientIdBindings {
  ownerOf(clientId: number): string | undefined;
  /** Binds a free id to the participant (or confirms their own); false when it is not theirs to take. */
  bind(clientId: number, participantId: string): boolean;
}

/** Every page load brings a new id; the oldest of a participant's ids are forgotten past this many. */
const MAX_IDS_PER_PARTICIPANT = 64;

/** Bindings held in memory for one loaded room: enough for presence, which is never stored. */
export class MemoryClientIdBindings implements ClientIdBindings {
  private owners = new Map<number, string>();
  /** Per participant, their ids from least to most recently bound. */
  private used = new Map<string, Set<number>>();

  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  bind(clientId: number, participantId: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner !== undefined && owner !== participantId) return false;
    let ids = this.used.get(participantId);
    if (!ids) this.used.set(participantId, (ids = new Set()));
    ids.delete(clientId);
    ids.add(clientId);
    this.owners.set(clientId, participantId);
    if (ids.size > MAX_IDS_PER_PARTICIPANT) {
      const oldest = ids.values().next().value!;
      ids.delete(oldest);
      this.owners.delete(oldest);
    }
    return true;
  }
}
