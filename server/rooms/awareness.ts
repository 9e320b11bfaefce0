import * as decoding from 'lib0/decoding';
import { AWARENESS_KEEPALIVE, encodeAwareness, type AwarenessEntry } from './protocol';
import type { Connection } from './connection';

const MAX_IDS_PER_CONNECTION = 4;
/** From this many people on, a room waits the full flush interval between messages. */
const FULL_WINDOW_PEOPLE = 25;
const NULL_STATE = new TextEncoder().encode('null');
const utf8 = new TextDecoder('utf-8', { fatal: true });

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

export interface AwarenessTiming {
  /** At most one combined message per this many milliseconds in a room of 25 or more; smaller rooms proportionally sooner. */
  flushMs: number;
  /** Every connection hears from the room at least this often, so idle clients do not time out. */
  keepaliveMs: number;
}

function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && state[0] === 0x6e && state[1] === 0x75 && state[2] === 0x6c && state[3] === 0x6c;
}

/**
 * A room's awareness: each client id's state kept as the bytes it arrived in, and forwarded
 * in one combined message per flush, encoded once for every recipient. The first change after
 * a quiet spell goes out at once; changes during a busy spell wait for the next flush slot.
 * A flush costs one send per person, so the slot is as long as the room is big: a handful of
 * people are barely held back, a full workshop gets the whole interval.
 */
export class AwarenessHub {
  private states = new Map<number, Held>();
  private dirty = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private lastFlush = -Infinity;
  private window = 0;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly timing: AwarenessTiming,
    private readonly maxStateBytes: number,
    private readonly recipients: () => Iterable<Connection>,
    private readonly onSent: (bytes: number, recipients: number) => void,
  ) {
    this.keepalive = setTimeout(this.sendKeepalive, timing.keepaliveMs);
    this.keepalive.unref();
  }

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
      const state = decoding.readVarUint8Array(d);
      if (state.byteLength > this.maxStateBytes) throw new AwarenessError('awareness state too large', tooLargeCode);
      const held = this.states.get(clientId);
      if (held && held.owner !== conn && held.owner.isOpen) continue; // someone else's state: a stock client's echo
      if (!conn.clientIds.has(clientId) && conn.clientIds.size >= MAX_IDS_PER_CONNECTION) continue;
      if (held && held.owner === conn && clock < held.clock) continue;
      // One state that is not JSON would make every receiver drop the whole combined message.
      if (!isJson(state)) throw new AwarenessError('awareness state is not JSON', 4400);
      conn.clientIds.add(clientId);
      // A copy, so the stored state does not keep the socket's whole read buffer alive.
      this.states.set(clientId, { clientId, clock, state: state.slice(), owner: conn });
      this.dirty.add(clientId);
    }
    this.schedule();
  }

  /** Every current state in one message, for a newcomer or a query. */
  snapshot(): Uint8Array | null {
    const live = [...this.states.values()].filter((s) => !isNullState(s.state));
    return live.length > 0 ? encodeAwareness(live) : null;
  }

  /** Marks a closed connection's clients as gone, telling everyone else. */
  drop(conn: Connection): void {
    for (const id of conn.clientIds) {
      const held = this.states.get(id);
      if (!held || held.owner !== conn) continue;
      this.states.set(id, { ...held, clock: held.clock + 1, state: NULL_STATE });
      this.dirty.add(id);
    }
    this.schedule();
  }

  flush = (): void => {
    this.timer = null;
    this.immediate = null;
    if (this.dirty.size === 0) return;
    this.lastFlush = performance.now();
    const entries: AwarenessEntry[] = [];
    for (const id of this.dirty) {
      const s = this.states.get(id);
      if (!s) continue;
      entries.push(s);
      if (isNullState(s.state)) this.states.delete(id);
    }
    this.dirty.clear();
    const recipients = this.broadcast(encodeAwareness(entries));
    this.window = this.timing.flushMs * Math.min(1, recipients / FULL_WINDOW_PEOPLE);
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    clearTimeout(this.keepalive);
    this.timer = null;
    this.immediate = null;
  }

  /** Sends to everyone in the room; returns how many that was. */
  private broadcast(message: Uint8Array): number {
    let n = 0;
    for (const conn of this.recipients()) {
      conn.send(message);
      n++;
    }
    if (n > 0) this.onSent(message.byteLength, n);
    this.keepalive.refresh();
    return n;
  }

  // The stock provider reconnects after 30 s without a message; rooms where nobody has a state (control) would otherwise be silent.
  private sendKeepalive = (): void => {
    this.broadcast(AWARENESS_KEEPALIVE);
  };

  private schedule(): void {
    if (this.timer || this.immediate || this.dirty.size === 0) return;
    const wait = this.lastFlush + this.window - performance.now();
    // setImmediate still gathers every message read in this turn of the event loop.
    if (wait <= 0) this.immediate = setImmediate(this.flush);
    else this.timer = setTimeout(this.flush, wait);
  }
}

function isJson(state: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(state));
    return true;
  } catch {
    return false;
  }
}
