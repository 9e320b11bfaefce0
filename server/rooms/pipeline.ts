import type { DocStore } from '../store/types';

export interface PendingUpdate {
  room: string;
  update: Uint8Array;
  /** Runs after the update is durable: the room broadcasts it then. */
  deliver: () => void;
  /** Runs when the store refused the write. */
  fail: (err: unknown) => void;
}

/**
 * Persist, then broadcast: updates of one event-loop turn are appended in a single
 * SQLite transaction, and only then sent to anyone.
 */
export class UpdatePipeline {
  private queue: PendingUpdate[] = [];
  private scheduled = false;

  constructor(
    private readonly store: DocStore,
    private readonly observeWrite: (ms: number, count: number) => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(entry: PendingUpdate): void {
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes everything queued now; safe to call at any time (it is synchronous). */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const started = performance.now();
    try {
      this.store.appendUpdates(batch);
    } catch (err) {
      for (const e of batch) e.fail(err);
      return;
    }
    this.observeWrite(performance.now() - started, batch.length);
    for (const e of batch) e.deliver();
  }
}
