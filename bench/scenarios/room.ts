import { performance } from 'node:perf_hooks';
import { boardRoom } from '@shared/rooms';
import { openWorkshop } from '../lib/api';
import { randomClientId, type LoadGenerator } from '../lib/loadgenControl';
import { ProbeGroup } from '../lib/probes';
import { CpuMeter, memoryMiB } from '../lib/proc';
import { readMetric, startTarget, type ServerKind } from '../lib/servers';
import { distribution, sleep, type Distribution } from '../lib/stats';

export interface RoomOptions {
  people: number;
  windowMs: number;
  /** How long to wait after the load stops for what is still queued. */
  drainMs: number;
}

export interface Delivery {
  sent: number;
  expected: number;
  delivered: number;
}

export interface RoomResult {
  server: ServerKind;
  people: number;
  /** Hocuspocus merges the document updates of one event-loop turn into one message, which light clients cannot take apart: its moves are counted at the real clients only. */
  movesCountedAt: 'everyone' | 'real clients';
  moveLatencyMs: Distribution;
  cursorLatencyMs: Distribution;
  moves: Delivery;
  cursors: Delivery & { finalStateMissing: number; finalStatePairs: number };
  serverCpuPercent: number;
  serverPeakRssMiB: number;
  loadgenCpuPercent: number;
  loadgenSaturated: boolean;
  loadgenEventLoopUtilization: number;
  probeEventLoopUtilization: number;
  closes: Record<string, number>;
  /** Our server's own view (null for the reference): event-loop delay p99 over the last 10 s of load, slowest store append. */
  serverLoopLagP99Ms: number | null;
  storeWriteMaxMs: number | null;
}

const PROBES = 8;
const MOVERS = 5;
const CURSOR_HZ = 10;
const MOVE_HZ = 5;

/** One board, N people: everyone's cursor at 10 Hz, five people dragging a note at 5 Hz. */
export async function runRoom(kind: ServerKind, opts: RoomOptions, loadgen: LoadGenerator): Promise<RoomResult> {
  const target = await startTarget(kind);
  try {
    const w = await openWorkshop(target, opts.people);
    const room = boardRoom(w.id);
    const probes = new ProbeGroup(target, room, w.seats.slice(0, PROBES), MOVERS);
    if (!(await probes.synced())) throw new Error('probes did not sync');
    if (!(await probes.placeNotes())) throw new Error('notes did not reach every probe');
    const light = w.seats.slice(PROBES).map((seat, i) => ({
      url: `${target.wsBase}/${room}?token=${encodeURIComponent(seat.token)}`,
      clientId: randomClientId(),
      participantId: seat.participantId,
      name: `Person ${i + PROBES + 1}`,
      group: room,
      ...(kind === 'hocuspocus' ? { document: room } : {}),
    }));
    const connected = await loadgen.connect(light);
    if (connected.failed > 0) throw new Error(`${connected.failed} light clients failed to connect`);
    await sleep(1000);

    const meter = new CpuMeter(target.pid);
    const elu = performance.eventLoopUtilization();
    await loadgen.start(CURSOR_HZ);
    probes.start(CURSOR_HZ, MOVE_HZ);
    meter.start();
    await sleep(opts.windowMs);
    probes.stop();
    await loadgen.stop();
    const serverCpuPercent = meter.stop();
    const ours = kind === 'ours';
    const serverLoopLagP99Ms = ours ? 1000 * (await readMetric(target, 'fourpaths_event_loop_lag_p99_seconds')) : null;
    const probeEventLoopUtilization = performance.eventLoopUtilization(elu).utilization;

    // Wait for what is still on its way, as long as it keeps arriving.
    const movesExpectedLight = () => probes.movesMade * light.length;
    const end = Date.now() + opts.drainMs;
    let stats = await loadgen.stats();
    let lastProgress = Date.now();
    let lastCount = -1;
    while (Date.now() < end) {
      const count = stats.updates + stats.entries + probes.movesSeen;
      if (stats.updates >= movesExpectedLight() && probes.movesSeen >= probes.movesExpected && count === lastCount) break;
      if (count !== lastCount) lastProgress = Date.now();
      else if (Date.now() - lastProgress > 3000) break;
      lastCount = count;
      await sleep(250);
      stats = await loadgen.stats();
    }
    const serverPeakRssMiB = Math.max(meter.peakRss, memoryMiB(target.pid).peak);
    const storeWriteMaxMs = ours ? await readMetric(target, 'fourpaths_store_write_ms_max') : null;

    const totalCursorSends = stats.sends + probes.cursorSends;
    const mergesUpdates = kind === 'hocuspocus';
    const result: RoomResult = {
      server: kind,
      people: opts.people,
      movesCountedAt: mergesUpdates ? 'real clients' : 'everyone',
      moveLatencyMs: distribution(probes.moveLatency),
      cursorLatencyMs: distribution(probes.cursorLatency),
      moves: {
        sent: probes.movesMade,
        expected: (mergesUpdates ? 0 : movesExpectedLight()) + probes.movesExpected,
        delivered: (mergesUpdates ? 0 : stats.updates) + probes.movesSeen,
      },
      cursors: {
        sent: totalCursorSends,
        expected: light.length * totalCursorSends - stats.sends,
        delivered: stats.entries,
        finalStateMissing: stats.finalStateStale,
        finalStatePairs: stats.finalStatePairs,
      },
      serverCpuPercent,
      serverPeakRssMiB,
      loadgenCpuPercent: stats.cpuPercent,
      loadgenSaturated: stats.eventLoopUtilization > 0.9,
      loadgenEventLoopUtilization: stats.eventLoopUtilization,
      probeEventLoopUtilization,
      closes: stats.closes,
      serverLoopLagP99Ms,
      storeWriteMaxMs,
    };
    await loadgen.closeClients();
    probes.destroy();
    return result;
  } finally {
    await target.stop();
  }
}
