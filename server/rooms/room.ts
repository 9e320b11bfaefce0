import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { RoomName } from '@shared/rooms';
import type { AsyncStore, RoomClientIdBinding } from '../store/types';
import type { Logger } from '../log';
import type { UpdatePipeline } from './pipeline';
import type { RoomPolicy } from './policy';
import { Admission, type AdmissionLimits } from './admission/admission';
import { ClientIds } from './admission/clientIds';
import { RoomDocument } from './roomDocument';
import { RoomSequence, type PeerUpdate } from './roomSequence';
import type { Connection } from './connection';
import { AwarenessError, AwarenessHub } from './awareness';
import { CLOSE, MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, encodeSyncStep1, encodeUpdate } from './protocol';

// A room's lifecycle and its path out: connections come and go, each accepted update is stored
// and then sent to everyone here, to the other instances and to the features listening; peers'
// updates come in in sequence order. What a client sends is judged by the admission
// (admission/admission.ts) and applied to the document (roomDocument.ts).

export interface RoomLimits extends AdmissionLimits {
  /** Client ids one participant may write under in one room (a new one per page load). */
  maxClientIdsPerParticipant: number;
  maxAwarenessBytes: number;
  awarenessFlushMs: number;
  awarenessKeepaliveMs: number;
  compactEvery: number;
}

export interface RoomHooks {
  rejected(reason: string): void;
  sent(bytes: number, recipients: number): void;
  received(): void;
}

/**
 * Hears that the document changed, once the change is durable; it reads what it needs. `local`
 * is false for changes another instance accepted (their reactions ran there).
 */
type Listener = (doc: Y.Doc, local: boolean) => void;

/** What the room was loaded with. */
export interface LoadedRoom {
  updates: Uint8Array[];
  logLength: number;
  /** Sequence number of the last update included. */
  seq: number;
  clientIds: Map<number, string>;
}

/** The other instances serving this room (nothing to do when the server runs alone). */
export interface RoomPeers {
  /** Tells them about an update (or bindings) just stored as `seq`. */
  stored(seq: number, update: Uint8Array | null, bindings: readonly RoomClientIdBinding[]): void;
  /** Tells them about this instance's presence changes, one combined message per flush. */
  awareness(message: Uint8Array): void;
}

interface RoomServices {
  store: AsyncStore;
  pipeline: UpdatePipeline;
  peers: RoomPeers;
  log: Logger;
  hooks: RoomHooks;
  /** Told once when the store failed and this copy of the room must be dropped. */
  onBroken: (room: Room) => void;
}

/** Applied as the origin of updates other instances accepted: no validation, no storing. */
const PEER_ORIGIN = { kind: 'peer' } as const;

const SIZE_COMPACTION_MS = 5_000;

/** One live document: its connections, awareness, and the path from a client's update to disk and out. */
export class Room {
  readonly conns = new Set<Connection>();
  readonly awareness: AwarenessHub;
  /** Server-side users (routes, facilitation) holding the room open. */
  refs = 0;
  readonly clientIds: ClientIds;
  readonly sequence: RoomSequence;
  private readonly document: RoomDocument;
  private readonly admission: Admission;
  private logLength = 0;
  private listeners = new Set<Listener>();
  private lastSizeCompaction = 0;
  private broken = false;
  private compacting: Promise<void> | null = null;
  private readonly store: AsyncStore;
  private readonly pipeline: UpdatePipeline;
  private readonly log: Logger;
  private readonly hooks: RoomHooks;

  constructor(
    readonly name: string,
    readonly parsed: RoomName,
    loaded: LoadedRoom,
    readonly policy: RoomPolicy,
    private readonly limits: RoomLimits,
    private readonly services: RoomServices,
  ) {
    ({ store: this.store, pipeline: this.pipeline, log: this.log, hooks: this.hooks } = services);
    const persist = (bindings: RoomClientIdBinding[]) =>
      this.pipeline.enqueue({
        room: name,
        update: null,
        bindings,
        deliver: () => services.peers.stored(0, null, bindings),
        fail: (err) => this.onStoreFailure(err),
      });
    this.clientIds = new ClientIds(name, loaded.clientIds, limits.maxClientIdsPerParticipant, persist);
    this.sequence = new RoomSequence(loaded.seq);
    this.document = new RoomDocument(loaded, policy, this.clientIds, this.onChange);
    this.logLength = loaded.logLength;
    this.admission = new Admission(limits, {
      room: name,
      document: this.document,
      policy,
      clientIds: this.clientIds,
      log: this.log,
      rejected: (label) => this.hooks.rejected(label),
    });
    this.awareness = new AwarenessHub({
      timing: { flushMs: limits.awarenessFlushMs, keepaliveMs: limits.awarenessKeepaliveMs },
      maxStateBytes: limits.maxAwarenessBytes,
      recipients: () => this.conns,
      onSent: services.hooks.sent,
      // Presence shares the document's client ids, so the one persistent binding serves both.
      bindings: this.clientIds,
      identify: (conn) => conn.person,
      onLocalFlush: (message) => services.peers.awareness(message),
    });
  }

  /** The document as accepted so far (a refused trial builds a new one: read it afresh each time). */
  get doc(): Y.Doc {
    return this.document.doc;
  }

  /** Observes accepted changes to the room's document, across rebuilds. */
  observe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addConnection(conn: Connection): void {
    this.conns.add(conn);
    this.admission.asked(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    this.awareness.welcome(conn);
  }

  removeConnection(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.awareness.drop(conn);
  }

  /** Handles one binary message from a connection; protocol errors close only that socket. */
  receive(conn: Connection, data: Uint8Array): void {
    this.hooks.received();
    try {
      const d = decoding.createDecoder(data);
      const type = decoding.readVarUint(d);
      switch (type) {
        case MSG_SYNC: {
          const sub = decoding.readVarUint(d);
          if (sub === SYNC_STEP1) this.answerSyncRequest(conn, decoding.readVarUint8Array(d));
          else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
            if (sub === SYNC_STEP2) this.admission.answered(conn);
            this.admitClientUpdate(conn, decoding.readVarUint8Array(d));
          }
          else this.admission.reject(conn, CLOSE.malformed, `unknown sync message type ${sub}`);
          return;
        }
        case MSG_AWARENESS:
          this.awareness.receive(conn, decoding.readVarUint8Array(d), CLOSE.tooLarge);
          return;
        case MSG_QUERY_AWARENESS:
          this.awareness.answerQuery(conn);
          return;
        case MSG_AUTH:
          return;
        default:
          this.admission.reject(conn, CLOSE.malformed, `unknown message type ${type}`);
      }
    } catch (err) {
      if (err instanceof AwarenessError) this.admission.reject(conn, err.code, err.message);
      else this.admission.reject(conn, CLOSE.malformed, 'malformed message');
    }
  }

  /** Sync step 1: what the client lacks. Asking is bounded per connection; a client that knows nothing of ours shares one cached answer. */
  private answerSyncRequest(conn: Connection, stateVector: Uint8Array): void {
    if (!this.admission.mayAskForSync(conn)) return;
    const vector = Y.decodeStateVector(stateVector);
    // One answer in flight per connection: a reader that does not read is not sent another.
    conn.answerSync((deliver) => {
      const answer = this.document.syncAnswer(stateVector, vector);
      // Whatever we answer with counts as sent, so it goes out once everything in it is on disk.
      this.pipeline.afterDurable(() => deliver(answer));
    });
  }

  /** A client's update: admitted (judged, tried, validated) first, then stored and sent on. */
  private admitClientUpdate(conn: Connection, update: Uint8Array): void {
    this.compactIfOverSize();
    const admitted = this.admission.admit(conn, update);
    if (!admitted) return;
    const { updates, bindings } = admitted;
    updates.forEach((u, i) => this.enqueue(u, conn, i === 0 ? bindings : []));
    // An update that changed nothing still bound its ids: they are stored all the same.
    if (updates.length === 0 && bindings.length > 0) this.clientIds.store(bindings);
  }

  /** Over the size limit the log may hold what compaction would fold away: fold it (at most every few seconds) so the count is the truth. */
  private compactIfOverSize(): void {
    if (this.document.approxBytes <= this.limits.maxDocBytes || this.logLength === 0) return;
    const now = Date.now();
    if (now - this.lastSizeCompaction < SIZE_COMPACTION_MS) return;
    this.lastSizeCompaction = now;
    void this.compact();
  }

  /** A change that is not a client's: a peer's is sent on as it is (their instance stored it), a server write is stored first. */
  private onChange = (update: Uint8Array, origin: unknown): void => {
    if (origin === PEER_ORIGIN) this.sendOn(update, null, false);
    else this.enqueue(update, null, []);
  };

  private enqueue(update: Uint8Array, from: Connection | null, bindings: readonly RoomClientIdBinding[]): void {
    this.pipeline.enqueue({
      room: this.name,
      update,
      bindings,
      deliver: (seq) => {
        this.sequence.own(seq, this.applyPeer);
        this.services.peers.stored(seq, update, bindings);
        this.sendOn(update, from, true);
      },
      fail: (err) => this.onStoreFailure(err),
    });
  }

  /** A stored update goes to everyone here (but its sender) and to the listeners. */
  private sendOn(update: Uint8Array, from: Connection | null, local: boolean): void {
    this.logLength++;
    const message = encodeUpdate(update);
    let n = 0;
    for (const c of this.conns) {
      if (c === from) continue;
      c.send(message);
      n++;
    }
    this.hooks.sent(message.byteLength, n);
    for (const l of this.listeners) l(this.doc, local);
    if (this.logLength >= this.limits.compactEvery) void this.compact();
  }

  /** An update another instance accepted and stored: it applies in sequence order, unjudged (that instance judged it). */
  private applyPeer = (entry: PeerUpdate): void => {
    if (entry.bindings.length > 0) this.clientIds.learn(entry.bindings);
    if (entry.update) this.document.applyTrusted(entry.update, PEER_ORIGIN);
  };

  /** Hears an update another instance stored; returns whether a gap is now open (the caller repairs it). */
  receivePeer(entry: PeerUpdate): boolean {
    if (this.broken) return false;
    if (entry.seq === 0) {
      this.clientIds.learn(entry.bindings);
      return false;
    }
    this.sequence.peer(entry, this.applyPeer);
    return this.sequence.hasGap;
  }

  /** A peer says the room's log reaches `seq`: whether we lack some of it. */
  behind(seq: number): boolean {
    return seq > this.sequence.applied;
  }

  /** Fetches what the store has after what we hold and applies it: the repair for a lost or late bus message. */
  async catchUp(): Promise<number> {
    const from = this.sequence.applied;
    const { snapshot, updates } = await this.store.catchUp(this.name, from);
    if (this.broken) return 0;
    if (snapshot) this.document.applyTrusted(snapshot, PEER_ORIGIN);
    let last = from;
    for (const u of updates) {
      this.document.applyTrusted(u.update, PEER_ORIGIN);
      last = u.seq;
    }
    this.sequence.caughtUp(last, this.applyPeer);
    return updates.length + (snapshot ? 1 : 0);
  }

  /** Another instance's presence changes: passed on to everyone here. */
  receivePeerAwareness(message: Uint8Array): void {
    if (!this.broken) this.awareness.receivePeer(message);
  }

  /**
   * Folds the room's log into one snapshot. The snapshot is taken at once (so the size count is
   * the truth from now on); the store folds every update up to the sequence number the document
   * is known to hold, and keeps later ones.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const snapshot = this.document.fold();
    const upTo = this.sequence.applied;
    this.logLength = 0;
    this.compacting = this.store
      .compact(this.name, snapshot, upTo)
      .catch((err: unknown) => this.log.error({ room: this.name, err }, 'compaction failed; the log stays as it was'))
      .finally(() => (this.compacting = null));
    return this.compacting;
  }

  /** Final store before the room is dropped from memory. */
  async unload(): Promise<void> {
    await this.pipeline.flush();
    if (this.compacting) await this.compacting;
    if (this.logLength > 0 && !this.broken) await this.compact();
    this.dispose();
  }

  /** Drops the room without storing anything more. */
  dispose(): void {
    this.awareness.dispose();
    this.document.destroy();
  }

  get isBroken(): boolean {
    return this.broken;
  }

  get isIdle(): boolean {
    return this.conns.size === 0 && this.refs === 0;
  }

  /**
   * The store refused a write: what this copy holds is no longer what is stored. Everyone here
   * reconnects, and the next one to come in loads the room afresh from the store.
   */
  private onStoreFailure(err: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.log.error({ room: this.name, err }, 'store write failed; clients will resync');
    for (const c of this.conns) c.close(CLOSE.storeFailed, 'storage unavailable, reconnecting');
    this.services.onBroken(this);
  }
}
