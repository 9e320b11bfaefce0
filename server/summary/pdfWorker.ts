import { parentPort, workerData } from 'node:worker_threads';
import { renderPdf } from './pdf';
import type { PdfJob, PdfWorkerData, PdfWorkerMessage } from './pdfWorkerMessages';
import { warmUpSummary } from './warmUpSummary';

// The PDF worker thread (pdfRenderer.ts starts it): it renders one summary at a time and sends the file back.

const port = parentPort;
if (!port) throw new Error('pdfWorker runs as a worker thread; pdfRenderer.ts starts it');
const send = (message: PdfWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

async function warmUp(): Promise<void> {
  const start = performance.now();
  try {
    await renderPdf(warmUpSummary());
    send({ kind: 'warm', ms: Math.round(performance.now() - start) });
  } catch (err) {
    // A report nobody asked for must not stop the real ones: they may still render.
    send({ kind: 'warm-up-failed', error: describe(err) });
  }
}

async function answer({ summary }: PdfJob): Promise<void> {
  try {
    const pdf = ownArrayBuffer(await renderPdf(summary));
    send({ kind: 'done', pdf }, [pdf]);
  } catch (err) {
    send({ kind: 'failed', error: describe(err) });
  }
}

/** The file's bytes as an ArrayBuffer of their own: a small Buffer may share Node's pool, which must not be transferred away. */
function ownArrayBuffer(buf: Buffer): ArrayBuffer {
  const whole = buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer;
  return whole ? (buf.buffer as ArrayBuffer) : new Uint8Array(buf).buffer;
}

// Jobs run in order, after the warm-up; the server sends one at a time, so this chain stays short.
let turn = (workerData as PdfWorkerData).warmUp ? warmUp() : Promise.resolve();
port.on('message', (job: PdfJob) => {
  turn = turn.then(() => answer(job));
});
