import { requestJson } from '../api/http';

// The server's clock as seen from here: timers are stored in server time, so every device
// shows the same remaining time whatever its own clock says.

export interface ClockSample {
  /** Server time minus local time, ms. */
  offset: number;
  /** Round trip of the request that measured it, ms. */
  rtt: number;
}

/** The sample least disturbed by the network: the one with the shortest round trip. */
export function bestSample(samples: readonly ClockSample[]): ClockSample | null {
  let best: ClockSample | null = null;
  for (const s of samples) if (!best || s.rtt < best.rtt) best = s;
  return best;
}

/**
 * One measurement: the server answered somewhere within the round trip, most likely in its
 * middle, so its `now` is compared with the local time half a round trip before the answer.
 */
export function sampleFrom(serverNow: number, sentAt: number, receivedAt: number): ClockSample {
  const rtt = Math.max(0, receivedAt - sentAt);
  return { offset: serverNow - (receivedAt - rtt / 2), rtt };
}

const SAMPLES = 5;
const RESYNC_MS = 5 * 60_000;

export class ServerClock {
  private offset = 0;
  private measured = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private listeners = new Set<() => void>();

  constructor(private readonly fetchTime: () => Promise<number> = fetchServerTime) {}

  /** Estimated server time now, ms since epoch. */
  now = (): number => Date.now() + this.offset;

  get isMeasured(): boolean {
    return this.measured;
  }

  get offsetMs(): number {
    return this.offset;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Measures now (a few samples), then again every few minutes; failed samples are skipped. */
  start(): Promise<void> {
    this.running ??= this.measure().finally(() => {
      this.running = null;
      this.timer = setTimeout(() => void this.start(), RESYNC_MS);
    });
    return this.running;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async measure(): Promise<void> {
    const samples: ClockSample[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const sentAt = Date.now();
      try {
        const serverNow = await this.fetchTime();
        samples.push(sampleFrom(serverNow, sentAt, Date.now()));
      } catch {
        // Offline for a moment: the other samples (or the previous estimate) will do.
      }
    }
    const best = bestSample(samples);
    if (!best) return;
    this.offset = best.offset;
    this.measured = true;
    for (const l of this.listeners) l();
  }
}

async function fetchServerTime(): Promise<number> {
  const { now } = await requestJson('/api/time', { cache: 'no-store' });
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('no server time');
  return now;
}

/** The page's one clock, started by the first component that needs it. */
export const serverClock = new ServerClock();
