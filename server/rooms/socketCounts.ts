/** Open sockets per token (participant) and per token and room, so one token cannot open thousands. */
export class SocketCounts {
  private readonly perToken = new Map<string, number>();
  private readonly perRoom = new Map<string, number>();

  /** Why one more socket of this token in this room is refused, or null when it may open. */
  over(participantId: string, room: string, maxPerToken: number, maxPerRoom: number): string | null {
    if (maxPerToken > 0 && (this.perToken.get(participantId) ?? 0) >= maxPerToken) {
      return `too many connections for this session (${maxPerToken}); close other tabs`;
    }
    if (maxPerRoom > 0 && (this.perRoom.get(roomKey(participantId, room)) ?? 0) >= maxPerRoom) {
      return `too many connections for this session in this room (${maxPerRoom}); close other tabs`;
    }
    return null;
  }

  /** Counts a socket in; the returned function counts it out (once). */
  add(participantId: string, room: string): () => void {
    const key = roomKey(participantId, room);
    bump(this.perToken, participantId, 1);
    bump(this.perRoom, key, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.perToken, participantId, -1);
      bump(this.perRoom, key, -1);
    };
  }
}

const roomKey = (participantId: string, room: string) => `${participantId} ${room}`;

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
