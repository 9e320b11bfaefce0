import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { createNotes, moveNote, readBoard } from '@shared/schema/board';
import { PdfRenderer } from '../../server/summary/pdfRenderer';
import { WARM_UP_ROUNDS, warmUpInput } from '../../server/summary/warmUpWorkshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';

// The PDF report renders on a worker thread: a full board's PDF in flight, a worker that dies,
// more downloads than the queue holds, and a server that stops.

const NOTES = 5000;
const BATCH = 500;

let server: TestServer;
let big: CreatedWorkshop;
let fay: Joined;

const downloadPdf = () => fetch(`${server.url}/api/workshops/${big.id}/summary.pdf`, { headers: { authorization: `Bearer ${fay.token}` } });
const renderer = () => server.server.deps.pdf;

async function expectPdf(res: Response): Promise<void> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.subarray(-6).toString()).toMatch(/%%EOF/);
}

beforeAll(async () => {
  // At most one PDF waits while another renders.
  server = await startTestServer({ env: { MAX_PDF_QUEUE: '1' } });
  big = await createWorkshop(server.url, 'A full board');
  fay = await join(server.url, big, 'facilitator', 'Fay');
  const writer = connectRoom(server, boardRoom(big.id), fay.token);
  await writer.synced;
  for (let b = 0; b < NOTES / BATCH; b++) {
    const batch = Array.from({ length: BATCH }, (_, i) => ({ text: `Idea ${b * BATCH + i} about the intranet and the customer forum`, x: (i % 20) / 10 - 0.95, y: b / 5 - 0.95, authorId: fay.participantId }));
    createNotes(writer.doc, batch);
  }
  const check = connectRoom(server, boardRoom(big.id), fay.token);
  await until(() => readBoard(check.doc).notes.length === NOTES, 'the whole board to reach the server', 20_000);
  writer.destroy();
  check.destroy();
}, 60_000);

afterAll(() => server?.close());

describe('the PDF worker', () => {
  it('lets a note move reach the other people in a live room while a full board’s PDF renders', async () => {
    const w = await createWorkshop(server.url, 'Live room');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const clients: RoomClient[] = [connectRoom(server, boardRoom(w.id), ana.token), connectRoom(server, boardRoom(w.id), ben.token)];
    try {
      const [a, b] = clients as [RoomClient, RoomClient];
      await Promise.all([a.synced, b.synced]);
      const [id] = createNotes(a.doc, [{ text: 'Move me', x: -0.5, y: -0.5, authorId: ana.participantId }]);
      await until(() => readBoard(b.doc).notes.length === 1, 'Ben to see Ana’s note');

      let answered = false;
      const pdf = downloadPdf().finally(() => {
        answered = true;
      });
      await until(() => renderer().busy, 'the PDF to be rendering');
      moveNote(a.doc, id!, 0.5, 0.5, ana.participantId);
      await until(() => readBoard(b.doc).notes[0]?.x === 0.5, 'Ben to see Ana’s move');
      expect(answered).toBe(false);
      await expectPdf(await pdf);
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('answers 500 with a JSON error when the worker dies while drawing, and the next download works', async () => {
    const pdf = downloadPdf();
    await until(() => renderer().busy && renderer().worker !== null, 'the PDF to be rendering');
    await renderer().worker!.terminate();
    const res = await pdf;
    expect(res.status).toBe(500);
    expect((await res.json()) as { error: string }).toEqual({ error: expect.stringMatching(/PDF renderer stopped/) });

    await expectPdf(await downloadPdf());
  });

  it('refuses a download with 503 and a JSON error while the queue is full, and serves the ones it took', async () => {
    const first = downloadPdf();
    await until(() => renderer().busy, 'the first PDF to be rendering');
    const second = downloadPdf();
    await until(() => renderer().waiting === 1, 'the second PDF to wait');

    const refused = await downloadPdf();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()) as { error: string }).toEqual({ error: expect.stringMatching(/try again/) });

    await expectPdf(await first);
    await expectPdf(await second);
  });
});

describe('a server that warms its PDF worker up', () => {
  it('reports on /metrics when the warm-up is over, and stops the worker when it closes', async () => {
    const warm = await startTestServer({ env: { PDF_WARM_UP: '1' } });
    const warmGauge = async () => /^fourpaths_pdf_worker_warm (\d)$/m.exec(await (await fetch(`${warm.url}/metrics`)).text())?.[1];
    expect(await warmGauge()).toBe('0');
    await expect.poll(warmGauge, { timeout: 30_000, interval: 200 }).toBe('1');
    const worker = warm.server.deps.pdf.worker;
    expect(worker).not.toBeNull();
    const exited = new Promise<number>((resolve) => worker!.once('exit', resolve));
    await warm.close();
    await exited;
    expect(warm.server.deps.pdf.worker).toBeNull();
  });

  it('cuts the warm-up short for a download that arrives while it runs', async () => {
    const lines: Array<{ msg: string; rounds?: number }> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const pdf = new PdfRenderer({ maxWaiting: 1, warmUp: true, log });
    try {
      pdf.startWorker();
      const { pdf: bytes, fileName } = await pdf.render(warmUpInput());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(fileName).toBe('four-paths-warm-up-2025-01-06.pdf');
      // The warm message comes before the answer, so it is in the log by now.
      const warmed = lines.find((l) => l.msg === 'PDF worker warmed up');
      expect(warmed?.rounds).toBeLessThan(WARM_UP_ROUNDS);
    } finally {
      await pdf.close();
    }
  });
});
