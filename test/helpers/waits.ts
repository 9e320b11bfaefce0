// The two waits a test may make on the clock, named for why. Everything else waits for its
// condition (`until` in clients.ts).

/**
 * Lets time pass between two actions because the spacing is part of the scenario: a writer at
 * a steady rate, a hand moving, a gap longer or shorter than a server window. Time is the input
 * here; there is nothing to wait for.
 */
export function pace(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits while something must NOT happen, before asserting that it did not. An absence sends no
 * event to wait for, so the only proof is a stretch of time longer than the thing would take to
 * arrive if it were coming.
 */
export function quietFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
