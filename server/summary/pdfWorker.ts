import { parentPort, workerData } from 'node:worker_threads';
import { computeSummary, type SummaryInput } from '@shared/summary/compute';
import { summaryFileName } from '@shared/summary/format';
import { useFastDeflate } from './fastDeflate';
import { renderPdf } from './pdf';
import type { PdfJob, PdfWorkerData, PdfWorkerMessage } from './pdfWorkerMessages';
import { WARM_UP_ROUNDS, warmUpInput } from './warmUpWorkshop';

// The PDF worker thread (pdfRenderer.ts starts it): it computes one summary at a time, renders it and sends the file back.

const port = parentPort;
if (!port) throw new Error('pdfWorker runs as a worker thread; pdfRenderer.ts starts it');
const send = (message: PdfWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

useFastDeflate();

async function render(input: SummaryInput): Promise<{ pdf: Buffer; fileName: string; computeMs: number; drawMs: number }> {
  const start = performance.now();
  const summary = computeSummary(input);
  const computed = performance.now();
  const pdf = await renderPdf(summary);
  return { pdf, fileName: summaryFileName(summary, 'pdf'), computeMs: computed - start, drawMs: performance.now() - computed };
}

// Jobs that have arrived and not yet been answered: the warm-up gives way to them.
let jobsWaiting = 0;

async function warmUp(): Promise<void> {
  const start = performance.now();
  let rounds = 0;
  try {
    for (; rounds < WARM_UP_ROUNDS; rounds++) {
      // A turn of the event loop, so a download sent meanwhile is seen before the next round.
      await new Promise((resolve) => setImmediate(resolve));
      if (jobsWaiting > 0) break;
      await render(warmUpInput(rounds));
    }
    send({ kind: 'warm', ms: Math.round(performance.now() - start), rounds });
  } catch (err) {
    // A report nobody asked for must not stop the real ones: they may still render.
    send({ kind: 'warm-up-failed', error: describe(err) });
  }
}

async function answer({ input }: PdfJob): Promise<void> {
  try {
    const { pdf, fileName, computeMs, drawMs } = await render(input);
    const bytes = ownArrayBuffer(pdf);
    send({ kind: 'done', pdf: bytes, fileName, computeMs, drawMs }, [bytes]);
  } catch (err) {
    send({ kind: 'failed', error: describe(err) });
  }
}

/** The file's bytes as an ArrayBuffer of their own: a small Buffer may share Node's pool, which must not be transferred away. */
function ownArrayBuffer(buf: Buffer): ArrayBuffer {
  const whole = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer;
  return whole ? (buf.buffer as ArrayBuffer) : new Uint8Array(buf).buffer;
}

// Jobs run in order, after the round of the warm-up that is being drawn; the server sends one at a time, so this chain stays short.
let turn = (workerData as PdfWorkerData).warmUp ? warmUp() : Promise.resolve();
port.on('message', (job: PdfJob) => {
  jobsWaiting++;
  turn = turn.then(() => answer(job)).finally(() => jobsWaiting--);
});
