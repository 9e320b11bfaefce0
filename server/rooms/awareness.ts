import * as decoding from 'lib0/decoding';
import { AWARENESS_KEEPALIVE, CLOSE, MSG_AWARENESS, encodeAwareness, type AwarenessEntry } from './protocol';
import type { Connection } from './connection';
import type { ClientIdBindings } from './clientIdBindings';
import { bindPresence, type PresenceIdentity } from './presenceClaims';
import { flushWindow, loopLoad } from './awarenessWindow';

const MAX_IDS_PER_CONNECTION = 4;
/** A stock client echoes whole flushes back; past this many entries the rest of a message is not even read. */
const MAX_ENTRIES_READ = 1024;
/** Last clocks remembered for ids that went away, so a returning client's state is news to everyone. */
const MAX_TOMBSTONES = 4096;
const NULL_STATE = new TextEncoder().encode('null');
/** A peer instance's state not renewed this long is left out of snapshots (clients renew every 15 s; an instance may have died). */
const PEER_STATE_TTL_MS = 35_000;
/** Peers' states kept at most, per room. */
const MAX_PEER_STATES = 4096;

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
  /** Added to the owner's clocks, so the clocks we forward for this id never go back. */
  offset: number;
}

export interface AwarenessTiming {
  /** The widest wait between combined messages: a room of 25 or more on a busy server; smaller rooms and an idle server wait less. */
  flushMs: number;
  /** Every connection hears from the room at least this often, so idle clients do not time out. */
  keepaliveMs: number;
}

interface AwarenessOptions {
  timing: AwarenessTiming;
  maxStateBytes: number;
  recipients: () => Iterable<Connection>;
  onSent: (bytes: number, recipients: number) => void;
  bindings: ClientIdBindings;
  /** The connection's name and role as the server knows them; null for someone no longer in the workshop. */
  identify: (conn: Connection) => PresenceIdentity | null;
  /** Hears each flush's changes from this instance's own connections (for the other instances). */
  onLocalFlush?: (message: Uint8Array) => void;
}

interface PeerState extends AwarenessEntry {
  at: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && state[0] === 0x6e && state[1] === 0x75 && state[2] === 0x6c && state[3] === 0x6c;
}

/**
 * A room's awareness: each client id's state kept as the bytes it arrived in, and forwarded
 * in one combined message per flush, encoded once for every recipient. The first change after
 * a quiet spell goes out at once; changes during a busy spell wait for the next flush slot.
 * The slot grows with the room and with how busy the server is (awarenessWindow.ts).
 * Each client id belongs to the participant who first used it, and every state says who its
 * sender really is.
 */
export class AwarenessHub {
  private states = new Map<number, Held>();
  private tombstones = new Map<number, number>();
  private dirty = new Set<number>();
  /** States of people connected to other instances, as those instances sent them (already checked there). */
  private peers = new Map<number, PeerState>();
  private peerDirty = new Map<number, AwarenessEntry>();
  private identities = new WeakMap<Connection, PresenceIdentity | null>();
  /** Counts every change taken in, so a flush knows whether a newcomer's snapshot already held all of it. */
  private changes = 0;
  /** Connections welcomed since the last flush, with the change count their snapshot held. */
  private welcomed = new Map<Connection, number>();
  /** Everyone's states in one message, encoded once per change of the room's presence; undefined when stale. */
  private cachedSnapshot: Uint8Array | null | undefined;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private lastFlush = -Infinity;
  private window = 0;
  private readonly keepalive: NodeJS.Timeout;

  constructor(private readonly options: AwarenessOptions) {
    this.keepalive = setTimeout(this.sendKeepalive, options.timing.keepaliveMs);
    this.keepalive.unref();
  }

  get size(): number {
    return this.states.size;
  }

  /**
   * Applies an awareness update from a connection: only client ids that are its participant's
   * (or nobody's yet) are taken, with the user fields set from its claims; the rest of the
   * message, such as a stock client's echo of everyone else, is ignored.
   */
  receive(conn: Connection, payload: Uint8Array, tooLargeCode: number): void {
    const who = this.identityOf(conn);
    const { bindings, maxStateBytes } = this.options;
    const participant = conn.claims.participantId;
    const d = decoding.createDecoder(payload);
    const count = Math.min(decoding.readVarUint(d), MAX_ENTRIES_READ);
    for (let i = 0; i < count && who; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const state = decoding.readVarUint8Array(d);
      const owner = bindings.ownerOf(clientId);
      if (owner !== undefined && owner !== participant) continue;
      const held = this.states.get(clientId);
      // A live state stays with its participant even if a binding was forgotten meanwhile.
      if (held && held.owner.claims.participantId !== participant) continue;
      const mine = held?.owner === conn ? held : undefined;
      if (!mine && !conn.clientIds.has(clientId) && conn.clientIds.size >= MAX_IDS_PER_CONNECTION) continue;
      if (mine && clock < mine.clock - mine.offset) continue;
      if (state.byteLength > maxStateBytes) throw new AwarenessError('awareness state too large', tooLargeCode);
      // One state that is not JSON would make every receiver drop the whole combined message.
      const bound = bindPresence(state, who);
      if (!bound) throw new AwarenessError('awareness state is not JSON', CLOSE.malformed);
      if (bound.kind === 'null' && !held) continue;
      // A stock client echoes every state it hears, its participant's other sockets' included: the
      // clock and state we last forwarded, sent back, hand nothing over (else two tabs bounce it for ever).
      if (held && !mine && clock === held.clock && sameBytes(bound.kind === 'null' ? NULL_STATE : bound.bytes, held.state)) continue;
      const offset = mine ? mine.offset : this.offsetFor(clientId, clock, held);
      // Past 2^53 a clock no longer counts up (and further on receivers cannot decode it); leave room for a drop's +1.
      if (clock + offset >= Number.MAX_SAFE_INTEGER) continue;
      if (!mine) {
        if (!bindings.bind(clientId, participant)) continue;
        // Its participant's other socket (one not yet timed out, or a reconnect) hands it over.
        held?.owner.clientIds.delete(clientId);
        this.tombstones.delete(clientId);
      }
      conn.clientIds.add(clientId);
      // A copy, so the stored state does not keep the socket's whole read buffer alive.
      const bytes = bound.kind === 'null' ? NULL_STATE : bound.bytes.slice();
      this.states.set(clientId, { clientId, clock: clock + offset, state: bytes, owner: conn, offset });
      this.changed(clientId);
    }
    this.schedule();
  }

  /** Another instance's combined message: its people's states, passed on here with the next flush. */
  receivePeer(message: Uint8Array): void {
    const d = decoding.createDecoder(message);
    if (decoding.readVarUint(d) !== MSG_AWARENESS) return;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const count = Math.min(decoding.readVarUint(inner), MAX_ENTRIES_READ);
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner);
      const clock = decoding.readVarUint(inner);
      const state = decoding.readVarUint8Array(inner).slice();
      // Someone connected here is the truth about their own id.
      if (this.states.has(clientId)) continue;
      if (isNullState(state)) this.peers.delete(clientId);
      else {
        this.peers.delete(clientId);
        this.peers.set(clientId, { clientId, clock, state, at: now });
        if (this.peers.size > MAX_PEER_STATES) this.peers.delete(this.peers.keys().next().value!);
      }
      this.peerDirty.set(clientId, { clientId, clock, state });
      this.changes++;
    }
    if (this.peerDirty.size > 0) this.cachedSnapshot = undefined;
    this.schedule();
  }

  /** Every current state in one message, for a newcomer or a query. */
  snapshot(): Uint8Array | null {
    if (this.cachedSnapshot === undefined) {
      const live: AwarenessEntry[] = [...this.states.values()].filter((s) => !isNullState(s.state));
      const fresh = Date.now() - PEER_STATE_TTL_MS;
      for (const p of this.peers.values()) if (p.at >= fresh && !this.states.has(p.clientId)) live.push(p);
      this.cachedSnapshot = live.length > 0 ? encodeAwareness(live) : null;
    }
    return this.cachedSnapshot;
  }

  /**
   * Sends a newcomer everyone's state. The next flush skips them when it holds nothing their
   * snapshot did not, so no state reaches them twice.
   */
  welcome(conn: Connection): void {
    const states = this.snapshot();
    if (states) conn.send(states);
    if (this.dirty.size > 0 || this.peerDirty.size > 0) this.welcomed.set(conn, this.changes);
  }

  /** The states of this instance's own connections in one message, for a peer that just loaded the room; null when there are none. */
  localSnapshot(): Uint8Array | null {
    const live = [...this.states.values()].filter((s) => !isNullState(s.state));
    return live.length > 0 ? encodeAwareness(live) : null;
  }

  /** Answers a query for everyone's state, unless the last answer (or anything else) is still waiting to go out. */
  answerQuery(conn: Connection): void {
    if (conn.queuedBytes > 0) return;
    const states = this.snapshot();
    if (states) conn.send(states);
  }

  /** Marks a closed connection's clients as gone, telling everyone else. */
  drop(conn: Connection): void {
    for (const id of conn.clientIds) {
      const held = this.states.get(id);
      if (!held || held.owner !== conn) continue;
      this.states.set(id, { ...held, clock: held.clock + 1, state: NULL_STATE });
      this.changed(id);
    }
    this.schedule();
  }

  flush = (): void => {
    this.timer = null;
    this.immediate = null;
    if (this.dirty.size === 0 && this.peerDirty.size === 0) return;
    this.lastFlush = performance.now();
    const entries: AwarenessEntry[] = [];
    for (const id of this.dirty) {
      const s = this.states.get(id);
      if (!s) continue;
      entries.push(s);
      if (isNullState(s.state)) {
        this.states.delete(id);
        this.remember(id, s.clock);
      }
    }
    this.dirty.clear();
    const own = entries.length > 0 ? encodeAwareness(entries) : null;
    if (own) this.options.onLocalFlush?.(own);
    for (const p of this.peerDirty.values()) entries.push(p);
    const combined = this.peerDirty.size > 0 ? encodeAwareness(entries) : own!;
    this.peerDirty.clear();
    const recipients = this.broadcast(combined, this.welcomed);
    this.welcomed.clear();
    this.window = flushWindow(this.options.timing.flushMs, recipients, loopLoad());
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    clearTimeout(this.keepalive);
    this.timer = null;
    this.immediate = null;
  }

  /** Sends to everyone in the room, but those whose snapshot already held it all; returns how many that was. */
  private broadcast(message: Uint8Array, welcomed?: ReadonlyMap<Connection, number>): number {
    let n = 0;
    const skipping = welcomed !== undefined && welcomed.size > 0;
    for (const conn of this.options.recipients()) {
      if (skipping && welcomed.get(conn) === this.changes) continue;
      conn.send(message);
      n++;
    }
    if (n > 0) this.options.onSent(message.byteLength, n);
    this.keepalive.refresh();
    return n;
  }

  // The stock provider reconnects after 30 s without a message; rooms where nobody has a state (control) would otherwise be silent.
  private sendKeepalive = (): void => {
    this.broadcast(AWARENESS_KEEPALIVE);
  };

  private identityOf(conn: Connection): PresenceIdentity | null {
    if (!this.identities.has(conn)) this.identities.set(conn, this.options.identify(conn));
    return this.identities.get(conn) ?? null;
  }

  /**
   * The clock offset for a connection taking an id it did not hold (a new id, or its
   * participant's id from another or an earlier socket): enough to keep the id's clocks
   * rising, since receivers ignore a clock they have already seen.
   */
  private offsetFor(clientId: number, clock: number, held: Held | undefined): number {
    const last = held?.clock ?? this.tombstones.get(clientId);
    return last !== undefined && clock <= last ? last + 1 - clock : 0;
  }

  private remember(clientId: number, clock: number): void {
    this.tombstones.delete(clientId);
    this.tombstones.set(clientId, clock);
    if (this.tombstones.size > MAX_TOMBSTONES) this.tombstones.delete(this.tombstones.keys().next().value!);
  }

  private changed(clientId: number): void {
    this.changes++;
    this.dirty.add(clientId);
    this.cachedSnapshot = undefined;
  }

  private schedule(): void {
    if (this.timer || this.immediate || (this.dirty.size === 0 && this.peerDirty.size === 0)) return;
    const wait = this.lastFlush + this.window - performance.now();
    // setImmediate still gathers every message read in this turn of the event loop.
    if (wait <= 0) this.immediate = setImmediate(this.flush);
    else this.timer = setTimeout(this.flush, wait);
  }
}
