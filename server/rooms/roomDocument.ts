import * as Y from 'yjs';
import type { ClientIds } from './admission/clientIds';
import type { Connection } from './connection';
import type { Problem, RoomPolicy } from './policy';
import { encodeSyncStep2 } from './protocol';
import type { WriteContext } from './validateBoard';

// A room's document and the state it was built from: every accepted update since the last
// snapshot is kept, so a refused trial is undone by building the document again from memory,
// without waiting for the store.

/** What applying a client's update on trial came to; anything but `accepted` has been undone. */
export type Trial =
  | { kind: 'accepted'; updates: Uint8Array[] }
  /** Yjs could not apply it. */
  | { kind: 'failed' }
  /** It left structs the document cannot place yet: it builds on history the server lacks. */
  | { kind: 'pending' }
  | { kind: 'refused'; problem: Problem };

interface Running {
  conn: Connection;
  updates: Uint8Array[];
  problem: Problem | null;
  context: WriteContext;
}

/** Told of each accepted change that is not a client's trial (server writes, peers' updates), as Yjs emits it. */
type ChangeListener = (update: Uint8Array, origin: unknown) => void;

export class RoomDocument {
  doc: Y.Doc;
  /** Every accepted update since the last snapshot. */
  private base: Uint8Array[];
  private bytes = 0;
  private running: Running | null = null;
  /** Sync step 2 for a client that has nothing yet, encoded once per document version: joins of a big board are the common case. */
  private fullState: Uint8Array | null;

  constructor(
    loaded: { updates: Uint8Array[]; logLength: number },
    private readonly policy: RoomPolicy,
    private readonly clientIds: ClientIds,
    private readonly onChange: ChangeListener,
  ) {
    this.base = loaded.updates;
    this.doc = this.build();
    // A lone snapshot is the whole stored state already, so a fresh client can have it as is.
    this.fullState = loaded.updates.length === 1 && loaded.logLength === 0 ? encodeSyncStep2(loaded.updates[0]!) : null;
  }

  /** About how many bytes the document holds: what it was built from plus everything accepted since. */
  get approxBytes(): number {
    return this.bytes;
  }

  /**
   * Applies a client's update on trial: the policy validates every transaction it makes, and a
   * failure, a refusal or structs left pending undo all of it.
   */
  trial(update: Uint8Array, conn: Connection, context: WriteContext): Trial {
    this.running = { conn, updates: [], problem: null, context };
    let failed = false;
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch {
      failed = true;
    }
    const run = this.running;
    this.running = null;
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (failed || run.problem || pending) {
      this.rebuild();
      if (failed) return { kind: 'failed' };
      if (pending) return { kind: 'pending' };
      return { kind: 'refused', problem: run.problem! };
    }
    for (const u of run.updates) this.accepted(u);
    return { kind: 'accepted', updates: run.updates };
  }

  /** Applies an update that needs no judging (another instance judged it, or the store holds it). */
  applyTrusted(update: Uint8Array, origin: unknown): void {
    Y.applyUpdate(this.doc, update, origin);
  }

  /** The sync answer for a client holding `stateVector` (`vector`, decoded). */
  syncAnswer(stateVector: Uint8Array, vector: Map<number, number>): Uint8Array {
    if (holdsNothingOf(vector, this.doc)) return (this.fullState ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)));
    return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /** The whole document as one update, which from now on is what it is built from. */
  fold(): Uint8Array {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.base = [snapshot];
    this.bytes = snapshot.byteLength;
    return snapshot;
  }

  destroy(): void {
    this.doc.destroy();
  }

  private accepted(update: Uint8Array): void {
    this.base.push(update);
    this.bytes += update.byteLength;
  }

  // Validation runs before Yjs garbage-collects the transaction's deletions, so deleted notes are still readable.
  private onAfterTransaction = (tr: Y.Transaction, doc: Y.Doc): void => {
    if (this.running) this.running.problem ??= this.policy.validate(tr, doc, this.running.conn, this.running.context);
  };

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullState = null;
    // A client's trial joins the accepted state only once it passed.
    if (this.running) return void this.running.updates.push(update);
    this.accepted(update);
    this.onChange(update, origin);
  };

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
    this.bytes = Math.max(bytes, this.bytes);
    doc.on('update', this.onDocUpdate);
    doc.on('afterTransaction', this.onAfterTransaction);
    this.clientIds.claimForServer(doc.clientID);
    return doc;
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
