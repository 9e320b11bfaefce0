import type { Summary } from '@shared/summary/types';

// What crosses between the server's thread and the PDF worker (pdfRenderer.ts ⇄ pdfWorker.ts).
// The summary is plain data, copied by structured clone; the finished file comes back as a
// transferred ArrayBuffer, so its bytes are not copied a second time.

export interface PdfWorkerData {
  /** Render a small PDF before the first job, so the first download finds fonts and code warm. */
  warmUp: boolean;
}

/** One job; the server sends the next only once this one is answered. */
export interface PdfJob {
  summary: Summary;
}

export type PdfWorkerMessage =
  | { kind: 'warm'; ms: number }
  | { kind: 'warm-up-failed'; error: string }
  | { kind: 'done'; pdf: ArrayBuffer }
  | { kind: 'failed'; error: string };
