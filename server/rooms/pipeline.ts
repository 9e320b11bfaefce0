import type { AsyncStore, RoomClientIdBinding, SequencedUpdate } from '../store/types';

export interface PendingUpdate {
  room: string;
  /** Null for an entry that only stores client-id bindings. */
  update: Uint8Array | null;
  /** Client ids first written under by this change; stored in the same transaction. */
  bindings?: readonly RoomClientIdBinding[];
  /** Runs after the update is durable, with its sequence number (0 for bindings alone): the room sends it on then. */
  deliver: (seq: number) => void;
  /** Runs when the store refused the write. */
  fail: (err: unknown) => void;
}

interface Waiter {
  run: () => void;
  always: boolean;
}

interface Batch {
  entries: PendingUpdate[];
  started: number;
  /** Sends that may go out once this batch (and everything before it) is stored; `always` ones run after a failure too. */
  waiters: Waiter[];
  done: boolean;
  result: SequencedUpdate[] | null;
  error: unknown;
}

/**
 * Persist, then broadcast: the updates of one event-loop turn are stored in one transaction, and
 * only sent to anyone once the store has them. Batches are delivered in the order they were
 * made, so every room hears its updates in sequence order.
 *
 * How many batches may be in flight depends on the engine: SQLite writes a batch the moment it is
 * handed over (only the wait for the disk runs later), so call order is commit order and batches
 * can overlap; PostgreSQL commits in whatever order its connections finish, so there one batch is
 * in flight at a time and the next one gathers everything that arrives meanwhile (group commit).
 */
export class UpdatePipeline {
  private queue: PendingUpdate[] = [];
  private queueWaiters: Waiter[] = [];
  private scheduled = false;
  /** Handed to the store, oldest first. */
  private inFlight: Batch[] = [];
  private readonly maxInFlight: number;

  constructor(
    private readonly store: AsyncStore,
    private readonly observeWrite: (ms: number, count: number) => void,
  ) {
    this.maxInFlight = store.engine === 'sqlite' ? 64 : 1;
  }

  enqueue(entry: PendingUpdate): void {
    this.queue.push(entry);
    this.schedule();
  }

  /** Runs send once everything enqueued so far is stored: at once if it already is; never if the store refused it. */
  afterDurable(send: () => void): void {
    this.wait({ run: send, always: false });
  }

  /** Resolves once everything enqueued so far is stored (or refused) and delivered. */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.wait({ run: resolve, always: true });
      this.write();
    });
  }

  private wait(waiter: Waiter): void {
    if (this.queue.length > 0) {
      this.queueWaiters.push(waiter);
      this.schedule();
      return;
    }
    const last = this.inFlight.at(-1);
    if (last) last.waiters.push(waiter);
    else waiter.run();
  }

  /** Whether nothing is waiting for the store. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight.length === 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.write);
  }

  private write = (): void => {
    this.scheduled = false;
    if (this.queue.length === 0 && this.queueWaiters.length === 0) return;
    if (this.inFlight.length >= this.maxInFlight) return;
    const entries = this.queue;
    const waiters = this.queueWaiters;
    this.queue = [];
    this.queueWaiters = [];
    const batch: Batch = { entries, started: performance.now(), waiters, done: false, result: null, error: null };
    this.inFlight.push(batch);
    const updates = entries.flatMap((e) => (e.update ? [{ room: e.room, update: e.update }] : []));
    const bindings = entries.flatMap((e) => e.bindings ?? []);
    let written: Promise<SequencedUpdate[]>;
    try {
      written = this.store.appendUpdates(updates, bindings);
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      (result) => this.settle(batch, result, null),
      (err: unknown) => this.settle(batch, null, err ?? new Error('store write failed')),
    );
  };

  private settle(batch: Batch, result: SequencedUpdate[] | null, error: unknown): void {
    batch.done = true;
    batch.result = result;
    batch.error = error;
    // Delivered in order: a batch that finished early waits for the ones before it.
    while (this.inFlight.length > 0 && this.inFlight[0]!.done) this.deliver(this.inFlight.shift()!);
    if (this.queue.length > 0 || this.queueWaiters.length > 0) this.write();
  }

  private deliver(batch: Batch): void {
    if (batch.error !== null) {
      for (const e of batch.entries) e.fail(batch.error);
    } else {
      this.observeWrite(performance.now() - batch.started, batch.entries.length);
      let i = 0;
      const seqs = batch.result ?? [];
      for (const e of batch.entries) e.deliver(e.update ? (seqs[i++]?.seq ?? 0) : 0);
    }
    for (const w of batch.waiters) if (w.always || batch.error === null) w.run();
  }
}
