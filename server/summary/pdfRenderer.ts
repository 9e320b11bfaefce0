import { Worker } from 'node:worker_threads';
import type { SummaryInput } from '@shared/summary/compute';
import { HttpError } from '../api/errors';
import type { Logger } from '../log';
import type { PdfJob, PdfWorkerData, PdfWorkerMessage } from './pdfWorkerMessages';

// PDFs are rendered on a worker thread, so the live rooms' event loop never waits for one.
// One worker, not a pool: a render keeps a core busy, the machines we run on have two, and the
// rooms need the other. Downloads wait their turn in a bounded queue; past the bound they get
// 503 at once instead of piling up. A worker that dies fails only the PDF it was drawing; the
// next download starts a new one, and the server carries on.

// Bundled, this module is part of dist/server/main.js, with the worker's bundle beside it; from
// source (tests, `npm run dev`) the worker is TypeScript and starts through tsx.
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? new URL('./pdfWorkerFromSource.mjs', import.meta.url) : new URL('./pdfWorker.js', import.meta.url);

// A 5,000-note report takes about a second; a render still running after this is stuck.
const RENDER_TIMEOUT_MS = 60_000;

/** A rendered report and the name it is downloaded under. */
export interface RenderedPdf {
  pdf: Buffer;
  fileName: string;
}

interface Waiting {
  input: SummaryInput;
  /** When the download asked for it and when the worker took it (performance.now()), for the log. */
  queuedAt: number;
  startedAt?: number;
  resolve(rendered: RenderedPdf): void;
  reject(err: Error): void;
}

export interface PdfRendererOptions {
  /** PDFs that may wait while one renders; more are refused with 503. */
  maxWaiting: number;
  /** Each worker renders a small PDF when it starts, so the first download finds it warm. */
  warmUp: boolean;
  log: Logger;
}

export class PdfRenderer {
  private thread: Worker | null = null;
  private current: { job: Waiting; timer: NodeJS.Timeout } | null = null;
  private readonly queue: Waiting[] = [];
  private closed = false;
  private warm = false;

  constructor(private readonly opts: PdfRendererOptions) {}

  /** True once the running worker has finished its warm-up (never, with warm-up off). */
  get warmedUp(): boolean {
    return this.warm;
  }

  /** Starts the worker now, in the background, rather than with the first download. */
  startWorker(): void {
    if (!this.thread && !this.closed) this.start();
  }

  /** The thread rendering PDFs, when one runs (tests stop it to see a crash handled). */
  get worker(): Worker | null {
    return this.thread;
  }

  /** PDFs waiting for the one being rendered. */
  get waiting(): number {
    return this.queue.length;
  }

  /** True while a PDF is being rendered. */
  get busy(): boolean {
    return this.current !== null;
  }

  /** Computes the summary of this input and renders it, on the worker. */
  async render(input: SummaryInput): Promise<RenderedPdf> {
    if (this.closed) throw new HttpError(503, 'the server is shutting down');
    if (this.current && this.queue.length >= this.opts.maxWaiting) {
      throw new HttpError(503, `${this.queue.length + 1} PDFs are being prepared; try again in a few seconds`, { 'retry-after': '5' });
    }
    return new Promise<RenderedPdf>((resolve, reject) => {
      this.queue.push({ input, queuedAt: performance.now(), resolve, reject });
      this.next();
    });
  }

  /** Refuses what waits and stops the worker, so the process can exit. */
  async close(): Promise<void> {
    this.closed = true;
    const stopping = new HttpError(503, 'the server is shutting down');
    for (const job of this.queue.splice(0)) job.reject(stopping);
    this.finish()?.reject(stopping);
    const thread = this.thread;
    this.thread = null;
    await thread?.terminate();
  }

  private next(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.thread ?? this.start();
    const timer = setTimeout(() => this.stuck(worker), RENDER_TIMEOUT_MS);
    job.startedAt = performance.now();
    this.current = { job, timer };
    try {
      worker.postMessage({ input: job.input } satisfies PdfJob);
    } catch (err) {
      // The input could not be copied to the worker: this PDF fails, the worker is fine.
      this.finish()?.reject(err instanceof Error ? err : new Error(String(err)));
      this.next();
    }
  }

  private start(): Worker {
    this.warm = false;
    const worker = new Worker(WORKER_ENTRY, { workerData: { warmUp: this.opts.warmUp } satisfies PdfWorkerData });
    // An idle worker never keeps the process alive; a download in flight keeps its socket open anyway.
    worker.unref();
    worker.on('message', (message: PdfWorkerMessage) => this.onMessage(worker, message));
    worker.on('error', (err) => this.opts.log.error({ err }, 'the PDF worker failed'));
    worker.on('exit', (code) => this.onExit(worker, code));
    this.thread = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: PdfWorkerMessage): void {
    if (worker !== this.thread) return;
    const { log } = this.opts;
    if (message.kind === 'warm') {
      this.warm = true;
      return log.info({ ms: message.ms, rounds: message.rounds }, 'PDF worker warmed up');
    }
    if (message.kind === 'warm-up-failed') return log.error({ error: message.error }, 'the PDF worker’s warm-up render failed');
    const job = this.finish();
    if (message.kind === 'done') {
      if (job) {
        this.logRendered(job, message);
        job.resolve({ pdf: Buffer.from(message.pdf), fileName: message.fileName });
      }
    }
    // The stack stays in the log; the route answers 500 with a generic error.
    else job?.reject(new Error(`rendering the PDF failed: ${message.error}`));
    this.next();
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.thread) return;
    this.thread = null;
    const job = this.finish();
    this.opts.log.error({ code, rendering: job !== null }, 'the PDF worker stopped; the next PDF starts a new one');
    job?.reject(new HttpError(500, 'the PDF renderer stopped while drawing this PDF; please try again'));
    this.next();
  }

  private stuck(worker: Worker): void {
    if (worker !== this.thread) return;
    this.thread = null;
    this.opts.log.error({ timeoutMs: RENDER_TIMEOUT_MS }, 'a PDF took too long; its worker is stopped');
    void worker.terminate();
    this.finish()?.reject(new HttpError(500, 'the PDF took too long to draw; please try again'));
    this.next();
  }

  private logRendered(job: Waiting, done: Extract<PdfWorkerMessage, { kind: 'done' }>): void {
    const ms = (x: number) => Math.round(x);
    const startedAt = job.startedAt ?? job.queuedAt;
    const fields = { notes: job.input.board.notes.length, waitedMs: ms(startedAt - job.queuedAt), workerMs: ms(performance.now() - startedAt), computeMs: ms(done.computeMs), drawMs: ms(done.drawMs), bytes: done.pdf.byteLength };
    this.opts.log.info(fields, 'PDF rendered');
  }

  /** Ends the current job's turn and hands it over, to be answered. */
  private finish(): Waiting | null {
    if (!this.current) return null;
    const { job, timer } = this.current;
    clearTimeout(timer);
    this.current = null;
    return job;
  }
}
