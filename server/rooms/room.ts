import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { RoomName } from '@shared/rooms';
import type { Store } from '../store/types';
import type { Logger } from '../log';
import type { UpdatePipeline } from './pipeline';
import type { Problem, RoomPolicy } from './policy';
import type { WriteContext } from './validateBoard';
import { ClientIds } from './admission/clientIds';
import type { ClientIdStore } from './admission/clientIdStore';
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

/** Hears that the document changed, once the change is durable; it reads what it needs. */
type Listener = (doc: Y.Doc) => void;

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
  private failing = false;
  /** Sync step 2 for a client that has nothing yet, encoded once per document version: joins of a big board are the common case. */
  private fullState: Uint8Array | null = null;
  readonly clientIds: ClientIds;
  private readonly strikes: Strikes;
  private readonly syncRequests: Strikes;
  /** Connections we have sent a sync step 1 and not yet heard the answer from, since when. */
  private readonly awaitingHistory = new WeakMap<Connection, number>();
  private readonly droppedWhileAwaiting: Strikes;
  private lastSizeCompaction = 0;

  constructor(
    readonly name: string,
    readonly parsed: RoomName,
    private readonly store: Store,
    private readonly pipeline: UpdatePipeline,
    readonly policy: RoomPolicy,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
    private readonly hooks: RoomHooks,
    clientIdStore: ClientIdStore,
  ) {
    this.clientIds = new ClientIds(name, clientIdStore, limits.maxClientIdsPerParticipant);
    this.strikes = new Strikes(limits.maxRefusalsPerMinute, 60_000);
    this.syncRequests = new Strikes(limits.maxSyncRequestsPerMinute, 60_000);
    this.droppedWhileAwaiting = new Strikes(limits.maxRefusalsPerMinute * DROPS_PER_STRIKE, 60_000);
    this.doc = this.load();
    this.awareness = new AwarenessHub({
      timing: { flushMs: limits.awarenessFlushMs, keepaliveMs: limits.awarenessKeepaliveMs },
      maxStateBytes: limits.maxAwarenessBytes,
      recipients: () => this.conns,
      onSent: hooks.sent,
      // Presence shares the document's client ids, so the one persistent binding serves both.
      bindings: this.clientIds,
      identify: (conn) => {
        const person = store.getParticipant(conn.claims.participantId);
        return person ? { id: person.id, name: person.name, role: conn.claims.role } : null;
      },
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
    this.clientIds.bindAll(judgement.fresh, conn.claims.participantId);
    for (const u of applying.updates) this.enqueue(u, conn);
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
    this.pipeline.flush();
    this.compact();
  }

  // Validation runs before Yjs garbage-collects the transaction's deletions, so deleted notes are still readable.
  private onAfterTransaction = (tr: Y.Transaction, doc: Y.Doc): void => {
    if (this.applying) this.applying.problem ??= this.policy.validate(tr, doc, this.applying.conn, this.applying.context);
  };

  private onDocUpdate = (update: Uint8Array): void => {
    this.fullState = null;
    if (this.applying) this.applying.updates.push(update);
    else this.enqueue(update, null);
  };

  private enqueue(update: Uint8Array, from: Connection | null): void {
    const doc = this.doc;
    this.pipeline.enqueue({
      room: this.name,
      update,
      deliver: () => {
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
        if (doc === this.doc) for (const l of this.listeners) l(doc);
        if (this.logLength >= this.limits.compactEvery) this.compact();
      },
      fail: (err) => this.onStoreFailure(err),
    });
  }

  compact(): void {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.store.compact(this.name, snapshot);
    // The snapshot is the document's whole stored size from now on.
    this.approxBytes = snapshot.byteLength;
    this.logLength = 0;
  }

  /** Final store before the room is dropped from memory. */
  unload(): void {
    this.pipeline.flush();
    if (this.logLength > 0) this.compact();
    this.awareness.dispose();
    this.doc.destroy();
  }

  get isIdle(): boolean {
    return this.conns.size === 0 && this.refs === 0;
  }

  private onStoreFailure(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    setImmediate(() => (this.failing = false));
    this.log.error({ room: this.name, err }, 'store write failed; clients will resync');
    try {
      this.rebuild();
    } catch (loadErr) {
      this.log.error({ room: this.name, err: loadErr }, 'room could not be reloaded');
    }
    for (const c of this.conns) c.close(CLOSE.storeFailed, 'storage unavailable, reconnecting');
  }

  private reject(conn: Connection, code: number, reason: string): void {
    this.hooks.rejected(reasonLabel(code));
    this.log.warn({ room: this.name, participant: conn.claims.participantId, remote: conn.remote, code, reason }, 'connection closed for bad input');
    conn.close(code, reason);
  }

  /** Reloads the document from the store, discarding anything that was applied but refused. */
  private rebuild(): void {
    this.pipeline.flush();
    const old = this.doc;
    this.doc = this.load();
    old.off('update', this.onDocUpdate);
    old.off('afterTransaction', this.onAfterTransaction);
    old.destroy();
  }

  private load(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    this.policy.prepare(doc);
    const { updates, logLength } = this.store.loadDoc(this.name);
    let bytes = 0;
    if (updates.length > 0) {
      doc.transact(() => {
        for (const u of updates) {
          Y.applyUpdate(doc, u);
          bytes += u.byteLength;
        }
      }, { kind: 'restore' });
    }
    this.logLength = logLength;
    this.approxBytes = bytes;
    // A lone snapshot is the whole stored state already, so a fresh client can have it as is.
    this.fullState = updates.length === 1 && logLength === 0 ? encodeSyncStep2(updates[0]!) : null;
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
