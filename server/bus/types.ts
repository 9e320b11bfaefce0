// The seam between instances that share one store: small publish/subscribe of opaque bytes.
// Delivery is best effort; the store is the truth and peers repair gaps from it.

export interface Bus {
  /** Random per process; lets a subscriber skip its own messages. */
  readonly instanceId: string;
  /** 'local' when the instance runs alone (no REDIS_URL). */
  readonly kind: 'local' | 'redis';
  /**
   * Fire and forget; never throws; while Redis is unreachable the message is dropped and counted
   * (peers repair gaps from the store). `heard` is told how many subscribers got it, ourselves included.
   */
  publish(channel: string, payload: Uint8Array, heard?: (subscribers: number) => void): void;
  /** Resolves once Redis has confirmed the subscription, so nothing published after it resolves is missed. Several subscribers per channel allowed. Returns the unsubscribe. */
  subscribe(channel: string, onMessage: (payload: Uint8Array) => void): Promise<() => void>;
  /** Told after the connection to Redis came back (messages may have been lost while it was down). */
  onReconnect(listener: () => void): () => void;
  health(): { ok: boolean; kind: 'local' | 'redis'; detail?: string };
  stats(): { published: number; received: number; dropped: number; reconnects: number };
  close(): Promise<void>;
}
