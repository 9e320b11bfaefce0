import type { WebSocket } from 'ws';
import type { Claims } from '../auth/claims';

/** One client socket in one room. */
export class Connection {
  readonly clientIds = new Set<number>();
  private tokens: number;
  private lastRefill = Date.now();
  alive = true;

  constructor(
    readonly ws: WebSocket,
    readonly claims: Claims,
    readonly remote: string,
    private readonly messagesPerSecond: number,
  ) {
    this.tokens = messagesPerSecond * 2;
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(message: Uint8Array): void {
    if (this.isOpen) this.ws.send(message, { binary: true });
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason.slice(0, 120));
  }

  /** Token bucket: false when the socket sends faster than its allowance (with a burst of two seconds' worth). */
  takeMessageAllowance(): boolean {
    if (this.messagesPerSecond <= 0) return true;
    const now = Date.now();
    this.tokens = Math.min(this.messagesPerSecond * 2, this.tokens + ((now - this.lastRefill) / 1000) * this.messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
