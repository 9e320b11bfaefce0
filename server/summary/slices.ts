// Long exports run in slices so the event loop keeps serving sync traffic while a big PDF is drawn.

const SLICE_MS = 12;

/** Runs the work to its end, giving other callbacks a turn whenever a slice has used its time. */
export async function runInSlices<T>(work: Generator<void, T>): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - start > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    }
  }
}
