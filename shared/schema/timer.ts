// The session timer: its shape, how a stored value is read, and the commands on it. The commands
// are pure, in server-clock ms, so every client computes the same remaining time.

export interface Timer {
  durationMs: number;
  /** Server-clock ms when it was last started or resumed; null while paused or not started. */
  startedAt: number | null;
  /** Time left when it was last paused (or resumed); null means the full duration. */
  pausedRemainingMs: number | null;
  autoAdvance?: boolean;
}

/** The longest a timer may run. */
export const TIMER_MAX_MS = 4 * 60 * 60_000;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function readTimer(value: unknown): Timer | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Record<string, unknown>;
  if (!finite(t.durationMs) || t.durationMs < 0) return null;
  const startedAt = finite(t.startedAt) ? t.startedAt : null;
  const pausedRemainingMs = finite(t.pausedRemainingMs) ? Math.max(0, t.pausedRemainingMs) : null;
  return { durationMs: t.durationMs, startedAt, pausedRemainingMs, autoAdvance: t.autoAdvance === true };
}

export function isTimerRunning(timer: Timer | null): boolean {
  return timer !== null && timer.startedAt !== null;
}

/** A stopped timer of the given length, ready to start. */
export function timerOf(durationMs: number, autoAdvance = false): Timer {
  return { durationMs: Math.round(durationMs), startedAt: null, pausedRemainingMs: null, autoAdvance };
}

export function startTimer(timer: Timer, serverNow: number): Timer {
  if (timer.startedAt !== null) return timer;
  const left = timerRemaining(timer, serverNow);
  // Starting a timer that ran out begins a fresh round.
  return { ...timer, startedAt: Math.round(serverNow), pausedRemainingMs: left > 0 ? left : null };
}

export function pauseTimer(timer: Timer, serverNow: number): Timer {
  if (timer.startedAt === null) return timer;
  return { ...timer, startedAt: null, pausedRemainingMs: Math.round(timerRemaining(timer, serverNow)) };
}

export function addTimeToTimer(timer: Timer, ms: number, serverNow: number): Timer {
  const left = Math.min(TIMER_MAX_MS, timerRemaining(timer, serverNow) + ms);
  const durationMs = Math.min(TIMER_MAX_MS, Math.max(timer.durationMs, left));
  return timer.startedAt === null
    ? { ...timer, durationMs, pausedRemainingMs: Math.round(left) }
    : { ...timer, durationMs, startedAt: Math.round(serverNow), pausedRemainingMs: Math.round(left) };
}

export function resetTimer(timer: Timer): Timer {
  return timerOf(timer.durationMs, timer.autoAdvance === true);
}

/** Remaining time of a timer at the given server-clock instant. */
export function timerRemaining(timer: Timer | null, serverNow: number): number {
  if (!timer) return 0;
  if (timer.startedAt === null) return timer.pausedRemainingMs ?? timer.durationMs;
  const base = timer.pausedRemainingMs ?? timer.durationMs;
  return Math.max(0, base - (serverNow - timer.startedAt));
}
