import { boardRoom } from '@shared/rooms';
import { openWorkshop } from '../lib/api';
import { fillBoard } from '../lib/board';
import { randomClientId, type LoadGenerator } from '../lib/loadgenControl';
import { ProbeGroup } from '../lib/probes';
import { readMetric, startOurs } from '../lib/servers';
import { distribution, sleep, waitFor, type Distribution } from '../lib/stats';

export interface ExportLiveResult {
  notes: number;
  people: number;
  /** Each PDF download, in ms, in order. */
  pdfMs: number[];
  pdf: Distribution;
  pdfBytes: number;
  /** What the live room saw while the PDFs were drawn. */
  moveLatencyMs: Distribution;
  cursorLatencyMs: Distribution;
  serverLoopLagP99Ms: number;
}

const PROBES = 8;
const MOVERS = 5;

/**
 * PDF downloads of a big board, one after another, while a room of `people` is live on the same
 * server (everyone's cursor at 10 Hz, five people dragging notes at 5 Hz).
 */
export async function runExportLive(opts: { notes: number; people: number; downloads: number }, loadgen: LoadGenerator): Promise<ExportLiveResult> {
  const target = await startOurs();
  try {
    const big = await openWorkshop(target, 1);
    (await fillBoard(target, boardRoom(big.id), big.seats[0]!, opts.notes)).close();

    const live = await openWorkshop(target, opts.people);
    const room = boardRoom(live.id);
    const probes = new ProbeGroup(target, room, live.seats.slice(0, PROBES), MOVERS);
    if (!(await probes.synced()) || !(await probes.placeNotes())) throw new Error('the live room’s probes did not sync');
    const connected = await loadgen.connect(
      live.seats.slice(PROBES).map((seat, i) => ({
        url: `${target.wsBase}/${room}?token=${encodeURIComponent(seat.token)}`,
        clientId: randomClientId(),
        participantId: seat.participantId,
        name: `Person ${i + PROBES + 1}`,
        group: room,
      })),
    );
    if (connected.failed > 0) throw new Error(`${connected.failed} light clients failed to connect`);
    // A server that has run for more than a few seconds has finished its PDF warm-up; this one has just started.
    if (!(await waitFor(async () => (await readMetric(target, 'fourpaths_pdf_worker_warm')) === 1, 60_000, 200))) throw new Error('the PDF worker did not finish its warm-up');
    await loadgen.start(10);
    probes.start(10, 5);
    await sleep(1000);

    const url = `${target.httpUrl}/api/workshops/${big.id}/summary.pdf`;
    const pdfMs: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < opts.downloads; i++) {
      const started = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${big.seats[0]!.token}` } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`summary.pdf: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
      pdfMs.push(performance.now() - started);
      pdfBytes = body.byteLength;
    }
    const serverLoopLagP99Ms = 1000 * (await readMetric(target, 'fourpaths_event_loop_lag_p99_seconds'));
    probes.stop();
    await loadgen.stop();
    const result: ExportLiveResult = {
      notes: opts.notes,
      people: opts.people,
      pdfMs,
      pdf: distribution(pdfMs),
      pdfBytes,
      moveLatencyMs: distribution(probes.moveLatency),
      cursorLatencyMs: distribution(probes.cursorLatency),
      serverLoopLagP99Ms,
    };
    await loadgen.closeClients();
    probes.destroy();
    return result;
  } finally {
    await target.stop();
  }
}
