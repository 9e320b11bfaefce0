import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { RoomName } from '@shared/rooms';
import type { Store } from '../store/types';
import type { Logger } from '../log';
import type { UpdatePipeline } from './pipeline';
import type { RoomPolicy } from './policy';
import type { Connection } from './connection';
import { AwarenessError, AwarenessHub } from './awareness';
import { MemoryClientIdBindings } from './clientIdBindings';
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
  problem: string | null;
}

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

  constructor(
    readonly name: string,
    readonly parsed: RoomName,
    private readonly store: Store,
    private readonly pipeline: UpdatePipeline,
    readonly policy: RoomPolicy,
    private readonly limits: RoomLimits,
    private readonly log: Logger,
    private readonly hooks: RoomHooks,
  ) {
    this.doc = this.load();
    this.awareness = new AwarenessHub({
      timing: { flushMs: limits.awarenessFlushMs, keepaliveMs: limits.awarenessKeepaliveMs },
      maxStateBytes: limits.maxAwarenessBytes,
      recipients: () => this.conns,
      onSent: hooks.sent,
      bindings: new MemoryClientIdBindings(),
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
          if (sub === SYNC_STEP1) {
            const sv = decoding.readVarUint8Array(d);
            const vector = Y.decodeStateVector(sv);
            conn.answerSync((deliver) => {
              const answer = holdsNothingOf(vector, this.doc)
                ? (this.fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)))
                : encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, sv));
              // Whatever we answer with counts as sent, so it goes out once everything in it is on disk.
              this.pipeline.afterDurable(() => deliver(answer));
            });
          } else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
            this.applyClientUpdate(conn, decoding.readVarUint8Array(d));
          } else {
            this.reject(conn, CLOSE.malformed, `unknown sync message type ${sub}`);
          }
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

  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    const denied = this.policy.writeDenied(conn);
    if (denied) {
      if (hasNewContent(update, this.doc)) {
        this.hooks.rejected('forbidden-write');
        this.log.info({ room: this.name, participant: conn.claims.participantId, role: conn.claims.role, reason: denied }, 'write refused');
        conn.send(encodePermissionDenied(denied));
      }
      return;
    }
    if (this.approxBytes + update.byteLength > this.limits.maxDocBytes) {
      this.hooks.rejected('document-full');
      conn.send(encodePermissionDenied('this document has reached its size limit'));
      return;
    }
    if (startsPastOurClock(update, this.doc)) {
      // Earlier writes of this client never reached the store (a crash, a dropped frame): ask for them instead of applying half.
      conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
      return;
    }
    this.applying = { conn, updates: [], problem: null };
    let failed = false;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch {
      failed = true;
    }
    const applying = this.applying;
    this.applying = null;
    if (failed || applying.problem) {
      this.rebuild();
      this.reject(conn, failed ? CLOSE.malformed : CLOSE.invalidContent, failed ? 'update could not be applied' : applying.problem!);
      return;
    }
    for (const u of applying.updates) this.enqueue(u, conn);
  }

  // Validation runs before Yjs garbage-collects the transaction's deletions, so deleted notes are still readable.
  private onAfterTransaction = (tr: Y.Transaction, doc: Y.Doc): void => {
    if (this.applying) this.applying.problem ??= this.policy.validate(tr, doc, this.applying.conn);
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
    this.store.compact(this.name, Y.encodeStateAsUpdate(this.doc));
    this.approxBytes = 0;
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

/** Whether an update carries structs the document does not have yet (deletions alone are ignored). */
export function hasNewContent(update: Uint8Array, doc: Y.Doc): boolean {
  try {
    // parseUpdateMeta's `to` covers updates that start mid-history, unlike encodeStateVectorFromUpdate.
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) if (clock > Y.getState(doc.store, client)) return true;
    return false;
  } catch {
    return true;
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

/** Whether an update continues a writer's history beyond what the document has, so applying it would leave it pending. */
function startsPastOurClock(update: Uint8Array, doc: Y.Doc): boolean {
  try {
    const { from } = Y.parseUpdateMeta(update);
    for (const [client, clock] of from) if (clock > Y.getState(doc.store, client)) return true;
    return false;
  } catch {
    return false;
  }
}
