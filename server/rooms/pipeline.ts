import type { DocStore } from '../store/types';

export interface PendingUpdate {
  room: string;
  update: Uint8Array;
  /** Runs after the update is durable: the room broadcasts it then. */
  deliver: () => void;
  /** Runs when the store refused the write. */
  fail: (err: unknown) => void;
}

interface Batch {
  id: number;
  entries: PendingUpdate[];
  started: number;
  /** Sends that may go out once this batch (and everything before it) is on disk. */
  waiters: Array<() => void>;
}

/**
 * Persist, then broadcast: updates of one event-loop turn are appended in a single SQLite
 * transaction, and only sent to anyone once the disk has them. The wait for the disk (fsync)
 * runs on the thread pool, one at a time, covering every batch appended before it started,
 * so a slow disk delays only the updates waiting for it, never the event loop.
 */
export class UpdatePipeline {
  private queue: PendingUpdate[] = [];
  private scheduled = false;
  /** Appended, waiting for the disk, oldest first. */
  private unsynced: Batch[] = [];
  private nextId = 1;
  private syncing = false;

  constructor(
    private readonly store: DocStore,
    private readonly observeWrite: (ms: number, count: number) => void,
  ) {}

  enqueue(entry: PendingUpdate): void {
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.write);
    }
  }

  /** Runs send once everything enqueued so far is on disk: at once if it already is. */
  afterDurable(send: () => void): void {
    this.write();
    const last = this.unsynced.at(-1);
    if (last) last.waiters.push(send);
    else send();
  }

  /** Writes and syncs everything now, blocking, and delivers it; safe to call at any time. */
  flush(): void {
    this.write();
    if (this.unsynced.length === 0) return;
    const batches = this.unsynced;
    this.unsynced = [];
    try {
      this.store.syncLogNow();
    } catch (err) {
      for (const b of batches) for (const e of b.entries) e.fail(err);
      return;
    }
    for (const b of batches) this.deliver(b);
  }

  private write = (): void => {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const entries = this.queue;
    this.queue = [];
    try {
      this.store.appendUpdatesUnsynced(entries);
    } catch (err) {
      for (const e of entries) e.fail(err);
      return;
    }
    this.unsynced.push({ id: this.nextId++, entries, started: performance.now(), waiters: [] });
    this.sync();
  };

  private sync(): void {
    if (this.syncing || this.unsynced.length === 0) return;
    this.syncing = true;
    const covers = this.unsynced.at(-1)!.id;
    this.store.syncLog((err) => {
      this.syncing = false;
      // flush() may have delivered some of these already.
      const done: Batch[] = [];
      while (this.unsynced.length > 0 && this.unsynced[0]!.id <= covers) done.push(this.unsynced.shift()!);
      if (err) for (const b of done) for (const e of b.entries) e.fail(err);
      else for (const b of done) this.deliver(b);
      this.sync();
    });
  }

  private deliver(batch: Batch): void {
    this.observeWrite(performance.now() - batch.started, batch.entries.length);
    for (const e of batch.entries) e.deliver();
    for (const send of batch.waiters) send();
  }
}
