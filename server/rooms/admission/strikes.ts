import type { Connection } from '../connection';

/**
 * Counts refusals per connection over a sliding window: a client that keeps sending what the
 * server refuses (or keeps asking to resync) is cut off after a bounded number, instead of
 * costing a trial apply or a full encoding each time forever.
 */
export class Strikes {
  private counts = new WeakMap<Connection, { n: number; since: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records one strike; true when the connection has now passed its allowance. */
  add(conn: Connection, now = Date.now()): boolean {
    let c = this.counts.get(conn);
    if (!c || now - c.since > this.windowMs) this.counts.set(conn, (c = { n: 0, since: now }));
    c.n++;
    return this.max > 0 && c.n > this.max;
  }
}
