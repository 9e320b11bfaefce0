import type { SummaryInput } from '@shared/summary/compute';

// What crosses between the server's thread and the PDF worker (pdfRenderer.ts ⇄ pdfWorker.ts).
// The job is the summary's input, not the summary: the worker computes the summary itself, so the
// server's thread, which serves the live rooms, spends no time on it, and the input is the smaller
// of the two to copy by structured clone. The finished file comes back as a transferred ArrayBuffer,
// so its bytes are not copied a second time.

export interface PdfWorkerData {
  /** Draw the warm-up reports (warmUpWorkshop.ts) before the first job, so the first download finds fonts and code warm. */
  warmUp: boolean;
}

/** One job; the server sends the next only once this one is answered. */
export interface PdfJob {
  input: SummaryInput;
}

export type PdfWorkerMessage =
  /** The warm-up is over: `rounds` of its small reports were drawn before a download cut it short, or all of them. */
  | { kind: 'warm'; ms: number; rounds: number }
  | { kind: 'warm-up-failed'; error: string }
  | { kind: 'done'; pdf: ArrayBuffer; fileName: string; computeMs: number; drawMs: number }
  | { kind: 'failed'; error: string };
