import * as decoding from 'lib0/decoding';
import { encodeAwareness, type AwarenessEntry } from './protocol';
import type { Connection } from './connection';

const MAX_IDS_PER_CONNECTION = 4;

export class AwarenessError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface Held extends AwarenessEntry {
  owner: Connection;
}

/**
 * A room's awareness: raw states kept per client id and forwarded in one coalesced
 * message per flush, encoded once for every recipient. States are never parsed.
 */
export class AwarenessHub {
  private states = new Map<number, Held>();
  private dirty = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushMs: number,
    private readonly maxStateBytes: number,
    private readonly recipients: () => Iterable<Connection>,
    private readonly onSent: (bytes: number, recipients: number) => void,
  ) {}

  get size(): number {
    return this.states.size;
  }

  /** Applies an awareness update from a connection; only client ids it owns are taken. */
  receive(conn: Connection, payload: Uint8Array, tooLargeCode: number): void {
    const d = decoding.createDecoder(payload);
    const count = decoding.readVarUint(d);
    if (count > 64) throw new AwarenessError('awareness update lists too many clients', 4400);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      if (json.length > this.maxStateBytes) throw new AwarenessError('awareness state too large', tooLargeCode);
      const held = this.states.get(clientId);
      if (held && held.owner !== conn && held.owner.isOpen) continue; // someone else's state: a stock client's echo
      if (!conn.clientIds.has(clientId) && conn.clientIds.size >= MAX_IDS_PER_CONNECTION) continue;
      if (held && held.owner === conn && clock < held.clock) continue;
      conn.clientIds.add(clientId);
      this.states.set(clientId, { clientId, clock, json, owner: conn });
      this.dirty.add(clientId);
    }
    this.schedule();
  }

  /** Every current state in one message, for a newcomer or a query. */
  snapshot(): Uint8Array | null {
    const live = [...this.states.values()].filter((s) => s.json !== 'null');
    return live.length > 0 ? encodeAwareness(live) : null;
  }

  /** Marks a closed connection's clients as gone, telling everyone else. */
  drop(conn: Connection): void {
    for (const id of conn.clientIds) {
      const held = this.states.get(id);
      if (!held || held.owner !== conn) continue;
      this.states.set(id, { ...held, clock: held.clock + 1, json: 'null' });
      this.dirty.add(id);
    }
    this.schedule();
  }

  flush(): void {
    this.timer = null;
    if (this.dirty.size === 0) return;
    const entries: AwarenessEntry[] = [];
    for (const id of this.dirty) {
      const s = this.states.get(id);
      if (!s) continue;
      entries.push(s);
      if (s.json === 'null') this.states.delete(id);
    }
    this.dirty.clear();
    const message = encodeAwareness(entries);
    let n = 0;
    for (const conn of this.recipients()) {
      conn.send(message);
      n++;
    }
    this.onSent(message.byteLength, n);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer || this.dirty.size === 0) return;
    this.timer = setTimeout(() => this.flush(), this.flushMs);
  }
}
