/**
 * Who each client id of a room belongs to: the participant who first used it. Yjs updates and
 * awareness share the id (y-websocket uses the document's client id for both), so one binding
 * can serve both; this seam lets a store-backed binding replace the in-memory one.
 */
export interface ClientIdBindings {
  ownerOf(room: string, clientId: number): string | undefined;
  /** Binds a free id to the participant (or refreshes their own); false when it belongs to someone else. */
  bind(room: string, clientId: number, participantId: string): boolean;
}

/** Every page load brings a new id; the oldest of a participant's ids are forgotten past this many. */
const MAX_IDS_PER_PARTICIPANT = 64;

/** Bindings held in memory: enough for presence, which lives no longer than the process. */
export class MemoryClientIdBindings implements ClientIdBindings {
  private owners = new Map<string, Map<number, string>>();
  /** Per room and participant, their ids from least to most recently used. */
  private used = new Map<string, Set<number>>();

  ownerOf(room: string, clientId: number): string | undefined {
    return this.owners.get(room)?.get(clientId);
  }

  bind(room: string, clientId: number, participantId: string): boolean {
    let owners = this.owners.get(room);
    if (!owners) this.owners.set(room, (owners = new Map()));
    const owner = owners.get(clientId);
    if (owner !== undefined && owner !== participantId) return false;
    const key = `${room}\n${participantId}`;
    let ids = this.used.get(key);
    if (!ids) this.used.set(key, (ids = new Set()));
    ids.delete(clientId);
    ids.add(clientId);
    owners.set(clientId, participantId);
    if (ids.size > MAX_IDS_PER_PARTICIPANT) {
      const oldest = ids.values().next().value!;
      ids.delete(oldest);
      owners.delete(oldest);
    }
    return true;
  }
}
