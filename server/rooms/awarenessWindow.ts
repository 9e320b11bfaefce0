import { performance, type EventLoopUtilization } from 'node:perf_hooks';

// How long a room's presence waits between flushes. Each flush costs one send per person, so the
// window grows with the room; and it is short (one 60 Hz frame at the default) while the event loop
// has time to spare, widening to the full interval only as the loop gets busy.

/** From this many people on, a room gets the whole window. */
const FULL_WINDOW_PEOPLE = 25;
/** The share of the window a full room waits while the loop is idle: 16 ms of the default 40 ms. */
const IDLE_SHARE = 0.4;
/** Event-loop utilisation below which the loop counts as idle, and from which on it counts as saturated. */
const CALM = 0.5;
const BUSY = 0.9;
/** Utilisation is re-read at most this often; one reading serves every room in between. */
const SAMPLE_MS = 100;

/** The wait between flushes for a room of `people`, when the widest window is `flushMs` and the loop is `load` busy (0–1). */
export function flushWindow(flushMs: number, people: number, load: number): number {
  const size = Math.min(1, people / FULL_WINDOW_PEOPLE);
  const pressure = Math.min(1, Math.max(0, (load - CALM) / (BUSY - CALM)));
  return flushMs * size * (IDLE_SHARE + (1 - IDLE_SHARE) * pressure);
}

let last: EventLoopUtilization = performance.eventLoopUtilization();
let lastAt = performance.now();
let current = 0;

/** The share of the recent past the process's event loop was busy (0–1). */
export function loopLoad(): number {
  const now = performance.now();
  if (now - lastAt >= SAMPLE_MS) {
    const elu = performance.eventLoopUtilization();
    current = performance.eventLoopUtilization(elu, last).utilization;
    last = elu;
    lastAt = now;
  }
  return current;
}
