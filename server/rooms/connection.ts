import type { WebSocket } from 'ws';
import type { Claims } from '../auth/claims';
import { CLOSE } from './protocol';
import type { PresenceIdentity } from './presenceClaims';

/** After asking a slow reader to close, how long its close frame may wait behind what it has not read. */
const SLOW_CLOSE_GRACE_MS = 1000;
/** An honest client asks for sync once per connection; this many requests waiting on an unread answer is a reader that does not read. */
const MAX_WAITING_SYNC_REQUESTS = 8;

/** Prepares a sync answer and hands it to `deliver` (possibly later, once what it holds is durable). */
type SyncAnswerer = (deliver: (answer: Uint8Array) => void) => void;

/** One client socket in one room. */
export class Connection {
  readonly clientIds = new Set<number>();
  /** Who this is, as the store knows them (their presence shows this name); null for someone no longer in the workshop. */
  person: PresenceIdentity | null = null;
  private tokens: number;
  private lastRefill = Date.now();
  alive = true;
  /** Told when this connection is closed for not reading what it is sent. */
  onTooSlow: ((why: string, queuedBytes: number) => void) | null = null;
  private closingSlow = false;
  private syncAnswerQueued = false;
  private nextSyncAnswer: SyncAnswerer | null = null;
  private syncRequestsWaiting = 0;

  constructor(
    readonly ws: WebSocket,
    readonly claims: Claims,
    readonly remote: string,
    private readonly messagesPerSecond: number,
    /** 0 for no bound. */
    private readonly maxSendBufferBytes: number,
  ) {
    this.tokens = messagesPerSecond * 2;
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Bytes handed to the socket that the peer has not taken yet. */
  get queuedBytes(): number {
    return this.ws.bufferedAmount;
  }

  send(message: Uint8Array, sent?: () => void): void {
    if (!this.isOpen) return;
    // Checked before adding, so one message (a newcomer's whole board) always fits; what piles up behind it does not.
    if (this.maxSendBufferBytes > 0 && this.ws.bufferedAmount > this.maxSendBufferBytes) return this.closeTooSlow('send buffer over MAX_SEND_BUFFER_BYTES');
    this.ws.send(message, { binary: true }, sent && (() => sent()));
  }

  /**
   * Answers a sync request with at most one answer in the send buffer at a time: a request
   * that comes meanwhile is answered (the latest only, from the document as it is then) once
   * the last answer has gone out, so a reader that does not read costs one encoding, not one per request.
   */
  answerSync(answerer: SyncAnswerer): void {
    if (this.syncAnswerQueued) {
      this.nextSyncAnswer = answerer;
      if (++this.syncRequestsWaiting > MAX_WAITING_SYNC_REQUESTS) this.closeTooSlow('sync requests pile up behind an unread answer');
      return;
    }
    this.syncAnswerQueued = true;
    answerer((answer) => this.send(answer, this.syncAnswerSent));
  }

  private syncAnswerSent = (): void => {
    this.syncRequestsWaiting = 0;
    const next = this.nextSyncAnswer;
    this.nextSyncAnswer = null;
    if (!next) {
      this.syncAnswerQueued = false;
      return;
    }
    // Encoding a big board takes a while: let other sockets and HTTP in between two answers.
    setImmediate(() => {
      this.syncAnswerQueued = false;
      if (!this.isOpen) return;
      try {
        this.answerSync(next);
      } catch {
        // Outside the room's message handler now, so its "malformed" close is ours to make.
        this.close(CLOSE.malformed, 'malformed message');
      }
    });
  };

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason.slice(0, 120));
  }

  private closeTooSlow(why: string): void {
    if (this.closingSlow) return;
    this.closingSlow = true;
    this.onTooSlow?.(why, this.ws.bufferedAmount);
    this.close(CLOSE.tooSlow, 'too slow: the connection is not reading what it is sent');
    // Its close frame queues behind everything unread; drop the socket and its buffer if it never gets there.
    const timer = setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS);
    timer.unref();
    this.ws.once('close', () => clearTimeout(timer));
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
