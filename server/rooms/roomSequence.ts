/** An update another instance stored, as it arrives over the bus or from the store. */
export interface PeerUpdate {
  seq: number;
  /** Null when the entry only carried client-id bindings. */
  update: Uint8Array | null;
  bindings: readonly { clientId: number; participantId: string }[];
}

/**
 * Which of a room's sequence numbers the loaded document holds. `applied` is the highest number
 * up to which it holds every update; numbers above it wait here: our own (already in the
 * document, stored with a number only now known) and peers' updates, which are applied strictly
 * in sequence order so none of them ever waits in Yjs for a missing predecessor.
 */
export class RoomSequence {
  private readonly ahead = new Map<number, PeerUpdate | null>();

  constructor(private appliedSeq: number) {}

  get applied(): number {
    return this.appliedSeq;
  }

  /** Whether numbers above `applied` arrived while one below them did not. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** Our own update got stored as `seq`. */
  own(seq: number, apply: (u: PeerUpdate) => void): void {
    if (seq <= this.appliedSeq) return;
    this.ahead.set(seq, null);
    this.drain(apply);
  }

  /** A peer's update; applied at once when it is next in line, else kept until the gap closes. */
  peer(entry: PeerUpdate, apply: (u: PeerUpdate) => void): void {
    if (entry.seq <= this.appliedSeq || this.ahead.has(entry.seq)) return;
    this.ahead.set(entry.seq, entry);
    this.drain(apply);
  }

  /** The store's log up to `seq` has been applied (a catch-up): everything waiting below it is covered. */
  caughtUp(seq: number, apply: (u: PeerUpdate) => void): void {
    if (seq > this.appliedSeq) this.appliedSeq = seq;
    for (const s of this.ahead.keys()) if (s <= this.appliedSeq) this.ahead.delete(s);
    this.drain(apply);
  }

  private drain(apply: (u: PeerUpdate) => void): void {
    for (;;) {
      const next = this.appliedSeq + 1;
      if (!this.ahead.has(next)) return;
      const entry = this.ahead.get(next)!;
      this.ahead.delete(next);
      this.appliedSeq = next;
      if (entry) apply(entry);
    }
  }
}
