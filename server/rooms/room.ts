import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { RoomName } from '@shared/rooms';
import type { AsyncStore, RoomClientIdBinding } from '../store/types';
import type { Logger } from '../log';
import type { UpdatePipeline } from './pipeline';
import type { Problem, RoomPolicy } from './policy';
import type { WriteContext } from './validateBoard';
import { ClientIds } from './admission/clientIds';
import { RoomSequence, type PeerUpdate } from './roomSequence';
import { judgeUpdate } from './admission/judgeUpdate';
import { Strikes } from './admission/strikes';
import type { Connection } from './connection';
import { AwarenessError, AwarenessHub } from './awareness';
import {
  CLOSE,
  MSG_AUTH,
  MSG_AWARENESS,
  MSG_QUERY_AWARENESS,
  MSG_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol';

export interface RoomLimits {
  maxDocBytes: number;
  /** Refused writes (and incomplete updates) a connection may send per minute before it is closed. */
  maxRefusalsPerMinute: number;
  /** Sync requests a connection may send per minute. */
  maxSyncRequestsPerMinute: number;
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

interface Applying {
  conn: Connection;
  updates: Uint8Array[];
  problem: Problem | null;
  context: WriteContext;
}

const SIZE_COMPACTION_MS = 5_000;
/** How long we wait for a client's answer to our sync request before asking again. */
const HISTORY_REQUEST_PATIENCE_MS = 5_000;
/** Incomplete updates quietly dropped while an answer is due, per refusal allowed. */
const DROPS_PER_STRIKE = 50;

/** One live document: its connections, awareness, and the path from a client's update to disk and out. */
export class Room {
  doc: Y.Doc;
  readonly conns = new Set<Connection>();
  readonly awareness: AwarenessHub;
  /** Server-side users (routes, facilitation) holding the room open. */
  refs = 0;
  private logLength = 0;
  private approxBytes = 0;
  private applying: Applying | null = null;
  private listeners = new Set<Listener>();
  /** Sync step 2 for a client that has nothing yet, encoded once per document version: joins of a big board are the common case. */
  private fullState: Uint8Array | null = null;
  readonly clientIds: ClientIds;
  private readonly strikes: Strikes;
  private readonly syncRequests: Strikes;
  /** Connections we have sent a sync step 1 and not yet heard the answer from, since when. */
  private readonly awaitingHistory = new WeakMap<Connection, number>();
  private readonly droppedWhileAwaiting: Strikes;
  private lastSizeCompaction = 0;
  /** Every accepted update since the last snapshot, from which a refused trial is undone without the store. */
  private base: Uint8Array[] = [];
  readonly sequence: RoomSequence;
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
    this.strikes = new Strikes(limits.maxRefusalsPerMinute, 60_000);
    this.syncRequests = new Strikes(limits.maxSyncRequestsPerMinute, 60_000);
    this.droppedWhileAwaiting = new Strikes(limits.maxRefusalsPerMinute * DROPS_PER_STRIKE, 60_000);
    this.sequence = new RoomSequence(loaded.seq);
    this.base = loaded.updates;
    this.doc = this.build();
    this.logLength = loaded.logLength;
    // A lone snapshot is the whole stored state already, so a fresh client can have it as is.
    this.fullState = loaded.updates.length === 1 && loaded.logLength === 0 ? encodeSyncStep2(loaded.updates[0]!) : null;
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

  /** Observes accepted changes to the room's document, across rebuilds. */
  observe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addConnection(conn: Connection): void {
    this.conns.add(conn);
    this.awaitingHistory.set(conn, Date.now());
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.snapshot();
    if (states) conn.send(states);
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
            // A sync step 2 answers our request: it holds everything the client has that we lack.
            if (sub === SYNC_STEP2) this.awaitingHistory.delete(conn);
            this.admitClientUpdate(conn, decoding.readVarUint8Array(d));
          }
          else this.reject(conn, CLOSE.malformed, `unknown sync message type ${sub}`);
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
          this.reject(conn, CLOSE.malformed, `unknown message type ${type}`);
      }
    } catch (err) {
      if (err instanceof AwarenessError) this.reject(conn, err.code, err.message);
      else this.reject(conn, CLOSE.malformed, 'malformed message');
    }
  }

  /** Sync step 1: what the client lacks. Asking is bounded per connection; a client that knows nothing of ours shares one cached answer. */
  private answerSyncRequest(conn: Connection, stateVector: Uint8Array): void {
    if (this.syncRequests.add(conn)) {
      this.reject(conn, CLOSE.rateLimited, 'too many sync requests');
      return;
    }
    const vector = Y.decodeStateVector(stateVector);
    // One answer in flight per connection: a reader that does not read is not sent another.
    conn.answerSync((deliver) => {
      const answer = holdsNothingOf(vector, this.doc)
        ? (this.fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)))
        : encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
      // Whatever we answer with counts as sent, so it goes out once everything in it is on disk.
      this.pipeline.afterDurable(() => deliver(answer));
    });
  }

  /**
   * The admission path: judge the update in full before it touches the document, apply it on
   * trial, validate every note it touched, and only then bind its client ids and pass it on.
   */
  private admitClientUpdate(conn: Connection, update: Uint8Array): void {
    this.compactIfOverSize();
    const judgement = judgeUpdate(update, this.doc, conn, this.policy, this.clientIds, { bytes: this.approxBytes, maxBytes: this.limits.maxDocBytes });
    switch (judgement.kind) {
      case 'nothing':
        return;
      case 'deny':
        return this.deny(conn, judgement.reason, judgement.label);
      case 'malformed':
        return this.reject(conn, judgement.undecodable ? CLOSE.malformed : CLOSE.invalidContent, judgement.reason);
      case 'resync':
        return this.askForHistory(conn, judgement.reason);
      case 'trial':
        break;
    }
    this.applying = { conn, updates: [], problem: null, context: { overSizeLimit: judgement.overSizeLimit } };
    let failed = false;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch {
      failed = true;
    }
    const applying = this.applying;
    this.applying = null;
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (failed || applying.problem || pending) {
      this.rebuild();
      if (failed) return this.reject(conn, CLOSE.malformed, 'update could not be applied');
      if (pending) return this.askForHistory(conn, 'update left data the server cannot place');
      const problem = applying.problem!;
      return problem.rule ? this.deny(conn, problem.reason, 'rule') : this.reject(conn, CLOSE.invalidContent, problem.reason);
    }
    const bindings = this.clientIds.bindAll(judgement.fresh, conn.claims.participantId);
    this.base.push(...applying.updates);
    applying.updates.forEach((u, i) => this.enqueue(u, conn, i === 0 ? bindings : []));
    // An update that changed nothing still bound its ids: they are stored all the same.
    if (applying.updates.length === 0 && bindings.length > 0) this.clientIds.store(bindings);
  }

  /** Permission denied with a reason: the client keeps its socket and rolls its copy back; endless refusals end the connection. */
  private deny(conn: Connection, reason: string, label: string): void {
    this.hooks.rejected(label);
    this.log.info({ room: this.name, participant: conn.claims.participantId, role: conn.claims.role, reason }, 'write refused');
    conn.send(encodePermissionDenied(reason));
    if (this.strikes.add(conn)) this.reject(conn, CLOSE.rateLimited, 'too many refused changes');
  }

  /**
   * The update builds on history we lack: apply none of it and ask the client for everything
   * we are missing. While a request is out, later incomplete updates are dropped quietly: the
   * client's answer will hold them (a reconnecting client's edits often overtake its answer).
   */
  private askForHistory(conn: Connection, reason: string): void {
    this.hooks.rejected('incomplete');
    const since = this.awaitingHistory.get(conn);
    const now = Date.now();
    if (since !== undefined && now - since < HISTORY_REQUEST_PATIENCE_MS) {
      if (this.droppedWhileAwaiting.add(conn, now)) this.reject(conn, CLOSE.rateLimited, 'too many incomplete updates');
      return;
    }
    this.log.info({ room: this.name, participant: conn.claims.participantId, reason }, 'update incomplete; asking for history');
    if (this.strikes.add(conn, now)) return this.reject(conn, CLOSE.rateLimited, 'too many incomplete updates');
    this.awaitingHistory.set(conn, now);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  /** Over the size limit the log may hold what compaction would fold away: fold it (at most every few seconds) so the count is the truth. */
  private compactIfOverSize(): void {
    if (this.approxBytes <= this.limits.maxDocBytes || this.logLength === 0) return;
    const now = Date.now();
    if (now - this.lastSizeCompaction < SIZE_COMPACTION_MS) return;
    this.lastSizeCompaction = now;
    void this.compact();
  }

  // Validation runs before Yjs garbage-collects the transaction's deletions, so deleted notes are still readable.
  private onAfterTransaction = (tr: Y.Transaction, doc: Y.Doc): void => {
    if (this.applying) this.applying.problem ??= this.policy.validate(tr, doc, this.applying.conn, this.applying.context);
  };

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    // A client's trial joins the accepted state only once it passed (admitClientUpdate).
    if (this.applying) return void this.applying.updates.push(update);
    this.base.push(update);
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
    this.approxBytes += update.byteLength;
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
    if (entry.update) Y.applyUpdate(this.doc, entry.update, PEER_ORIGIN);
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
    if (snapshot) Y.applyUpdate(this.doc, snapshot, PEER_ORIGIN);
    let last = from;
    for (const u of updates) {
      Y.applyUpdate(this.doc, u.update, PEER_ORIGIN);
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
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const upTo = this.sequence.applied;
    this.base = [snapshot];
    this.approxBytes = snapshot.byteLength;
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
    this.doc.destroy();
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

  private reject(conn: Connection, code: number, reason: string): void {
    this.hooks.rejected(reasonLabel(code));
    this.log.warn({ room: this.name, participant: conn.claims.participantId, remote: conn.remote, code, reason }, 'connection closed for bad input');
    conn.close(code, reason);
  }

  /** Builds the document again from everything accepted, discarding a trial that was refused. */
  private rebuild(): void {
    const old = this.doc;
    old.off('update', this.onDocUpdate);
    old.off('afterTransaction', this.onAfterTransaction);
    this.doc = this.build();
    old.destroy();
  }

  private build(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    this.policy.prepare(doc);
    let bytes = 0;
    // Folded into one update first: applying many small ones one by one is the slow way.
    const updates = this.base.length > 1 ? [Y.mergeUpdates(this.base)] : this.base;
    if (updates.length > 0) {
      doc.transact(() => {
        for (const u of updates) {
          Y.applyUpdate(doc, u);
          bytes += u.byteLength;
        }
      }, { kind: 'restore' });
    }
    this.base = [...updates];
    this.approxBytes = Math.max(bytes, this.approxBytes);
    doc.on('update', this.onDocUpdate);
    doc.on('afterTransaction', this.onAfterTransaction);
    this.clientIds.claimForServer(doc.clientID);
    return doc;
  }
}

function reasonLabel(code: number): string {
  switch (code) {
    case CLOSE.malformed:
      return 'malformed';
    case CLOSE.tooLarge:
      return 'too-large';
    case CLOSE.invalidContent:
      return 'invalid-content';
    case CLOSE.rateLimited:
      return 'rate-limited';
    default:
      return String(code);
  }
}

/**
 * Whether a state vector holds nothing of the document (it may name writers the document never
 * had): the answer is then the whole document, which is cached, however the vector is made up.
 */
function holdsNothingOf(vector: Map<number, number>, doc: Y.Doc): boolean {
  for (const [client, clock] of vector) if (clock > 0 && doc.store.clients.has(client)) return false;
  return true;
}
