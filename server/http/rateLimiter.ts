import { HttpError } from '../api/errors';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key: a burst of `perMinute`, refilled evenly over a minute. Full buckets
 * are forgotten on a sweep, so memory follows the number of keys active in the last minute.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly perMinute: number,
    private readonly what: string,
  ) {
    this.sweep = setInterval(() => this.forgetFull(), 60_000);
    this.sweep.unref();
  }

  /** Takes one request from the key's allowance, or throws 429 with Retry-After. A limit of 0 means no limit. */
  take(key: string): void {
    if (this.perMinute <= 0) return;
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const retry = Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute));
      throw new HttpError(429, `${this.what}; retry in ${retry} s`, { 'retry-after': String(retry) });
    }
    b.tokens -= 1;
  }

  close(): void {
    clearInterval(this.sweep);
  }

  private forgetFull(): void {
    const now = Date.now();
    for (const [key, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(key);
  }
}
