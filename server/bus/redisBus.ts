import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { Bus } from './types';

// Redis pub/sub between instances: one connection publishes, one subscribes (a subscribed
// connection can do nothing else). Bytes travel as Buffers both ways, never as strings.

// Keep trying forever, backing off to one attempt every 2 s.
const retryStrategy = (attempt: number) => Math.min(200 * attempt, 2000);

type Listener = (payload: Uint8Array) => void;

/** One Redis SUBSCRIBE, shared by every listener of the channel. */
interface Channel {
  listeners: Set<Listener>;
  confirmed: Promise<unknown>;
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** QUIT lets replies in flight arrive; a connection that is down has none, so it is just dropped. */
async function quit(conn: Redis): Promise<void> {
  if (conn.status === 'ready') {
    try {
      await conn.quit();
      return;
    } catch {
      // Lost while quitting: nothing left to wait for.
    }
  }
  conn.disconnect();
}

export class RedisBus implements Bus {
  readonly instanceId = randomUUID();
  readonly kind = 'redis' as const;
  private readonly url: string;
  private readonly log: Logger;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly counts = { published: 0, received: 0, dropped: 0, reconnects: 0 };
  private lastError: string | undefined;
  private subscriberWasReady = false;
  private closed = false;

  constructor(url: string, log: Logger) {
    this.url = url;
    this.log = log;
    this.publisher = new Redis(url, {
      retryStrategy,
      connectionName: `four-paths-pub-${this.instanceId}`,
      // A publish while disconnected fails at once (dropped, counted) instead of waiting in an unbounded queue,
      enableOfflineQueue: false,
      // and one in flight when the connection drops fails too, instead of arriving late after the reconnect.
      maxRetriesPerRequest: 0,
    });
    this.subscriber = new Redis(url, {
      retryStrategy,
      connectionName: `four-paths-sub-${this.instanceId}`,
      // We resubscribe ourselves when ready again, so onReconnect is told only once every channel is
      // confirmed (ioredis's own resubscribe is sent after its 'ready' event, with nothing to await).
      autoResubscribe: false,
      // A SUBSCRIBE made while Redis is down waits for it to come back instead of failing after some retries.
      maxRetriesPerRequest: null,
    });
    this.watch(this.publisher, 'publisher');
    this.watch(this.subscriber, 'subscriber');
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel.toString(), message));
    this.subscriber.on('ready', () => this.onSubscriberReady());
  }

  /** Resolves once both connections are ready; rejects after timeoutMs, saying why. */
  async whenReady(timeoutMs: number): Promise<void> {
    const ready = (conn: Redis) =>
      conn.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => conn.once('ready', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const why = this.lastError ? `: ${this.lastError}` : '';
        reject(new Error(`Redis at ${redactUrl(this.url)} is unreachable after ${timeoutMs} ms${why}`));
      }, timeoutMs);
    });
    try {
      await Promise.race([Promise.all([ready(this.publisher), ready(this.subscriber)]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  publish(channel: string, payload: Uint8Array, heard?: (subscribers: number) => void): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    try {
      const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      this.publisher.publish(channel, bytes).then(
        (subscribers) => {
          this.counts.published++;
          heard?.(subscribers);
        },
        () => this.counts.dropped++,
      );
    } catch {
      this.counts.dropped++;
    }
  }

  async subscribe(channel: string, onMessage: (payload: Uint8Array) => void): Promise<() => void> {
    if (this.closed) throw new Error('the bus is closed');
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { listeners: new Set(), confirmed: this.subscriber.subscribe(channel) };
      this.channels.set(channel, entry);
    }
    // A wrapper of our own, so the same function subscribed twice is two subscriptions.
    const listener: Listener = (payload) => onMessage(payload);
    const joined = entry;
    joined.listeners.add(listener);
    try {
      await joined.confirmed;
    } catch (err) {
      this.leave(channel, joined, listener);
      throw err;
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.leave(channel, joined, listener);
    };
  }

  onReconnect(listener: () => void): () => void {
    if (this.closed) return () => {};
    // A wrapper of our own, for the same reason as in subscribe.
    const own = () => listener();
    this.reconnectListeners.add(own);
    return () => this.reconnectListeners.delete(own);
  }

  health() {
    const ok = !this.closed && this.publisher.status === 'ready' && this.subscriber.status === 'ready';
    if (ok) return { ok, kind: this.kind };
    const why = this.lastError ? ` (${this.lastError})` : '';
    const detail = this.closed ? 'closed' : `publisher ${this.publisher.status}, subscriber ${this.subscriber.status}${why}`;
    return { ok, kind: this.kind, detail };
  }

  stats() {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channels.clear();
    this.reconnectListeners.clear();
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
  }

  private leave(channel: string, entry: Channel, listener: Listener): void {
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0 || this.channels.get(channel) !== entry) return;
    this.channels.delete(channel);
    if (this.closed) return;
    this.subscriber.unsubscribe(channel).catch((err: Error) => this.log.debug({ channel, reason: err.message }, 'bus: unsubscribe failed'));
  }

  private deliver(channel: string, message: Buffer): void {
    // Absent when the last listener left while the message was on its way.
    const entry = this.channels.get(channel);
    if (!entry) return;
    this.counts.received++;
    // A copy: the parser's buffers may be pooled, and a listener may keep the payload.
    const payload = new Uint8Array(message);
    for (const listener of [...entry.listeners]) {
      try {
        listener(payload);
      } catch (err) {
        this.log.error({ err, channel }, 'bus: a listener failed on a message');
      }
    }
  }

  private onSubscriberReady(): void {
    if (!this.subscriberWasReady) {
      this.subscriberWasReady = true;
      return;
    }
    const channels = [...this.channels.keys()];
    const resubscribed = channels.length > 0 ? this.subscriber.subscribe(...channels) : Promise.resolve();
    resubscribed.then(
      () => {
        if (this.closed) return;
        this.counts.reconnects++;
        for (const listener of [...this.reconnectListeners]) {
          try {
            listener();
          } catch (err) {
            this.log.error({ err }, 'bus: a reconnect listener failed');
          }
        }
      },
      // Lost again before Redis confirmed: the next 'ready' tries again and tells the listeners then.
      (err: Error) => this.log.warn({ reason: err.message }, 'bus: resubscribing after a reconnect failed'),
    );
  }

  /** One warning per outage and connection, not one per retry. */
  private watch(conn: Redis, role: 'publisher' | 'subscriber'): void {
    let down = false;
    const lost = (reason?: string) => {
      if (reason) this.lastError = reason;
      if (down || this.closed) return;
      down = true;
      this.log.warn({ role, reason: reason ?? 'connection closed' }, 'bus: no connection to Redis, retrying');
    };
    conn.on('error', (err: Error) => lost(err.message));
    conn.on('close', () => lost());
    conn.on('ready', () => {
      if (down) this.log.info({ role }, 'bus: connected to Redis again');
      down = false;
      this.lastError = undefined;
    });
  }
}
