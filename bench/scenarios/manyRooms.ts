import { boardRoom } from '@shared/rooms';
import { inBatches, openWorkshop } from '../lib/api';
import { randomClientId, type LoadGenerator } from '../lib/loadgenControl';
import { CpuMeter, memoryMiB } from '../lib/proc';
import { readMetric, startTarget, type ServerKind, type Target } from '../lib/servers';
import { distribution, sleep, waitFor, type Distribution } from '../lib/stats';
import type { LightSpec } from '../lib/loadgenTypes';

export interface ManyRoomsOptions {
  rooms: number;
  peoplePerRoom: number;
  windowMs: number;
  /** Our server's ROOM_IDLE_MS for this run. */
  idleMs: number;
}

export interface ManyRoomsResult {
  server: ServerKind;
  rooms: number;
  people: number;
  cursorLatencyMs: Distribution;
  cursors: { sent: number; delivered: number; expected: number };
  serverCpuPercent: number;
  rssIdleMiB: number;
  rssLoadedMiB: number;
  rssAfterLeaveMiB: number;
  roomsLoadedAfterLeave: number | null;
  /** Our server's V8 heap in use (MiB) when idle and after everyone left, to tell heap from other memory. */
  heapIdleMiB: number | null;
  heapAfterLeaveMiB: number | null;
  loadgenCpuPercent: number;
  loadgenSaturated: boolean;
}

const CURSOR_HZ = 2;

/** RSS once it has settled: the lowest of a few samples a second apart. */
async function settledRss(target: Target, seconds: number): Promise<number> {
  let low = Infinity;
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    low = Math.min(low, memoryMiB(target.pid).rss);
  }
  return low;
}

/** Many small boards at once: does per-room cost stay small, and does memory come back when they empty? */
export async function runManyRooms(kind: ServerKind, opts: ManyRoomsOptions, loadgen: LoadGenerator): Promise<ManyRoomsResult> {
  const target = await startTarget(kind, { ROOM_IDLE_MS: String(opts.idleMs) });
  try {
    const rssIdleMiB = await settledRss(target, 3);
    const heap = async () => (kind === 'ours' ? (await readMetric(target, 'fourpaths_heap_used_bytes')) / 2 ** 20 : null);
    const heapIdleMiB = await heap();
    const workshops = await inBatches(Array.from({ length: opts.rooms }), 4, () => openWorkshop(target, opts.peoplePerRoom));
    const specs: LightSpec[] = workshops.flatMap((w) =>
      w.seats.map((seat, i) => ({
        url: `${target.wsBase}/${boardRoom(w.id)}?token=${encodeURIComponent(seat.token)}`,
        clientId: randomClientId(),
        participantId: seat.participantId,
        name: `Person ${i + 1}`,
        group: w.id,
      })),
    );
    const connected = await loadgen.connect(specs, true);
    if (connected.failed > 0) throw new Error(`${connected.failed} light clients failed to connect`);
    await sleep(1000);

    const meter = new CpuMeter(target.pid);
    await loadgen.start(CURSOR_HZ);
    meter.start();
    await sleep(opts.windowMs);
    await loadgen.stop();
    const serverCpuPercent = meter.stop();
    const rssLoadedMiB = Math.max(meter.peakRss, memoryMiB(target.pid).rss);
    await sleep(1500);
    const stats = await loadgen.stats();

    await loadgen.closeClients();
    let roomsLoadedAfterLeave: number | null = null;
    if (kind === 'ours') {
      await waitFor(async () => (await readMetric(target, 'fourpaths_rooms_loaded')) === 0, opts.idleMs + 30_000, 200);
      roomsLoadedAfterLeave = await readMetric(target, 'fourpaths_rooms_loaded');
    }
    const rssAfterLeaveMiB = await settledRss(target, 5);
    const heapAfterLeaveMiB = await heap();
    const perRoom = opts.peoplePerRoom;
    return {
      server: kind,
      rooms: opts.rooms,
      people: specs.length,
      cursorLatencyMs: distribution(stats.latencies),
      cursors: { sent: stats.sends, delivered: stats.entries, expected: stats.sends * (perRoom - 1) },
      serverCpuPercent,
      rssIdleMiB,
      rssLoadedMiB,
      rssAfterLeaveMiB,
      roomsLoadedAfterLeave,
      heapIdleMiB,
      heapAfterLeaveMiB,
      loadgenCpuPercent: stats.cpuPercent,
      loadgenSaturated: stats.eventLoopUtilization > 0.9,
    };
  } finally {
    await target.stop();
  }
}
