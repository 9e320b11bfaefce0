import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { boardRoom } from '@shared/rooms';
import { inBatches, openWorkshop } from '../lib/api';
import { startPostgres, startRedis, type Postgres, type Redis, type WaitSample } from '../lib/clusterInfra';
import { randomClientId, type LoadGenerator } from '../lib/loadgenControl';
import type { LightSpec, LoadStats } from '../lib/loadgenTypes';
import { ProbeGroup } from '../lib/probes';
import { cpuSeconds, cpuTimes } from '../lib/proc';
import { readMetric, startOurs, type Target } from '../lib/servers';
import { distribution, sleep, type Distribution } from '../lib/stats';
import type { Delivery } from './room';

// Several instances of our server on one PostgreSQL and one Redis: one big board split over two
// instances against the same board on one, and many small boards spread over two.

/** The SQLite figure is today's default, for reference; both PostgreSQL runs also publish to Redis. */
export type ClusterSetup = 'sqlite' | 'postgres-1' | 'postgres-2';

export const SETUP_LABEL: Record<ClusterSetup, string> = {
  sqlite: 'SQLite, 1 instance',
  'postgres-1': 'PostgreSQL + Redis, 1 instance',
  'postgres-2': 'PostgreSQL + Redis, 2 instances',
};

const SETUPS: ClusterSetup[] = ['sqlite', 'postgres-1', 'postgres-2'];

export interface ClusterOptions {
  people: number;
  windowMs: number;
  drainMs: number;
  boards: number;
  boardsWindowMs: number;
}

/** One instance's own view after the load: its CPU over the window and a few of its /metrics. */
export interface InstanceReport {
  cpuPercent: number;
  /** The part of cpuPercent spent in the kernel (socket writes and reads, mostly). */
  systemPercent: number;
  loopLagP99Ms: number;
  storeWriteAvgMs: number;
  storeWriteMaxMs: number;
  busPublished: number;
  busReceived: number;
  busDropped: number;
  gapsRepaired: number;
  /** WebSocket messages this instance sent to its clients during the window, per second. */
  sentPerSecond: number;
}

interface Shared {
  postgres: Postgres;
  redis: Redis;
}

interface CommonResult {
  setup: ClusterSetup;
  people: number;
  moveLatencyMs: Distribution;
  cursorLatencyMs: Distribution;
  moves: Delivery;
  cursors: Delivery & { finalStateMissing: number; finalStatePairs: number };
  instances: InstanceReport[];
  /** Null for SQLite, which uses neither. */
  redisCpuPercent: number | null;
  postgresCpuPercent: number | null;
  postgresWaits: WaitSample | null;
  loadgenCpuPercent: number;
  loadgenSaturated: boolean;
  probeEventLoopUtilization: number;
  closes: Record<string, number>;
}

export interface ClusterRoomResult extends CommonResult {
  /** Only between probes on different instances (empty on one instance). */
  crossMoveLatencyMs: Distribution;
  crossCursorLatencyMs: Distribution;
  crossMovesAtProbes: { expected: number; delivered: number };
}

export interface ClusterBoardsResult extends CommonResult {
  boards: number;
}

export interface ClusterResult {
  room: ClusterRoomResult[];
  boards: ClusterBoardsResult;
}

export interface ClusterContext {
  withLoadgen: <T>(fn: (loadgen: LoadGenerator) => Promise<T>) => Promise<T>;
  log: (line: string) => void;
}

const PROBES = 8;
const MOVERS = 5;
const CURSOR_HZ = 10;
const MOVE_HZ = 5;
/** Many boards: two people of each board are real clients (one per instance) who move their own note now and then. */
export const BOARD_LOAD = { people: 4, probes: 2, cursorHz: 2, moveHz: 0.5 };

// Instances sign tokens for each other, so they share one secret.
const SESSION_SECRET = randomBytes(24).toString('hex');

interface Running {
  targets: Target[];
  /** CPU seconds so far of each instance, then Redis and PostgreSQL when used. */
  cpuSources: Array<() => number>;
  /** Kernel CPU seconds so far of each instance. */
  systemSources: Array<() => number>;
  /** Starts sampling PostgreSQL's waits (null for SQLite). */
  watchWaits: (() => Promise<() => Promise<WaitSample>>) | null;
  stop(): Promise<void>;
}

async function startInstances(setup: ClusterSetup, shared: Shared): Promise<Running> {
  if (setup === 'sqlite') {
    const t = await startOurs();
    return { targets: [t], cpuSources: [() => cpuSeconds(t.pid)], systemSources: [() => cpuTimes(t.pid).system], watchWaits: null, stop: () => t.stop() };
  }
  // A fresh database per run, so one run's rooms and logs never weigh on the next.
  const url = await shared.postgres.createDatabase(`bench_${randomUUID().replace(/-/g, '').slice(0, 16)}`);
  const env = { DATABASE_URL: url, REDIS_URL: shared.redis.url, SESSION_SECRET };
  const targets: Target[] = [];
  const stop = async () => void (await Promise.all(targets.map((t) => t.stop())));
  try {
    // One after the other: the first creates the schema.
    for (let i = 0; i < (setup === 'postgres-2' ? 2 : 1); i++) targets.push(await startOurs(env));
  } catch (err) {
    await stop();
    throw err;
  }
  const cpuSources = [...targets.map((t) => () => cpuSeconds(t.pid)), () => cpuSeconds(shared.redis.pid), () => shared.postgres.cpuSeconds()];
  const systemSources = targets.map((t) => () => cpuTimes(t.pid).system);
  return { targets, cpuSources, systemSources, watchWaits: () => shared.postgres.watchWaits(), stop };
}

/** With BENCH_PROFILE_DIR set, each instance's CPU profile starts afresh here (bench/lib/cpuProfile.mjs). */
function profileFromHere(targets: readonly Target[]): void {
  if (process.env.BENCH_PROFILE_DIR) for (const t of targets) process.kill(t.pid, 'SIGWINCH');
}

/** Starts measuring; the returned function gives each source's share of one core (%) since then. */
function cpuWindow(sources: ReadonlyArray<() => number>): () => number[] {
  const wall = performance.now();
  const start = sources.map((s) => s());
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    return sources.map((s, i) => (100 * (s() - start[i]!)) / seconds);
  };
}

const SENT = 'fourpaths_messages_out_total';

/** Starts counting what each instance sends; the returned function gives messages per second since then. */
async function sentWindow(targets: readonly Target[]): Promise<() => Promise<number[]>> {
  const wall = performance.now();
  const start = await Promise.all(targets.map((t) => readMetric(t, SENT)));
  return async () => {
    const seconds = (performance.now() - wall) / 1000;
    const now = await Promise.all(targets.map((t) => readMetric(t, SENT)));
    return now.map((n, i) => (n - start[i]!) / seconds);
  };
}

async function instanceReports(targets: readonly Target[], cpu: readonly number[], system: readonly number[], sent: readonly number[]): Promise<InstanceReport[]> {
  return Promise.all(
    targets.map(async (t, i) => ({
      cpuPercent: cpu[i]!,
      systemPercent: system[i]!,
      sentPerSecond: sent[i]!,
      loopLagP99Ms: 1000 * (await readMetric(t, 'fourpaths_event_loop_lag_p99_seconds')),
      storeWriteAvgMs: await readMetric(t, 'fourpaths_store_write_ms_avg'),
      storeWriteMaxMs: await readMetric(t, 'fourpaths_store_write_ms_max'),
      busPublished: await readMetric(t, 'fourpaths_bus_messages_published'),
      busReceived: await readMetric(t, 'fourpaths_bus_messages_received'),
      busDropped: await readMetric(t, 'fourpaths_bus_messages_dropped'),
      gapsRepaired: await readMetric(t, 'fourpaths_bus_gaps_repaired_total'),
    })),
  );
}

/** Waits for what is still on its way, as long as it keeps arriving; returns the load generator's last stats. */
async function drain(loadgen: LoadGenerator, complete: (s: LoadStats) => boolean, seenSoFar: (s: LoadStats) => number, ms: number): Promise<LoadStats> {
  const end = Date.now() + ms;
  let stats = await loadgen.stats();
  let lastProgress = Date.now();
  let lastCount = -1;
  while (Date.now() < end) {
    const count = seenSoFar(stats);
    if (complete(stats) && count === lastCount) break;
    if (count !== lastCount) lastProgress = Date.now();
    else if (Date.now() - lastProgress > 3000) break;
    lastCount = count;
    await sleep(250);
    stats = await loadgen.stats();
  }
  return stats;
}

function lightSpec(target: Target, room: string, seat: { token: string; participantId: string }, name: string, group: string): LightSpec {
  return { url: `${target.wsBase}/${room}?token=${encodeURIComponent(seat.token)}`, clientId: randomClientId(), participantId: seat.participantId, name, group };
}

/** The room scenario's load (cursors at 10 Hz, five movers at 5 Hz), its people dealt out evenly over the instances. */
async function runSplitRoom(setup: ClusterSetup, shared: Shared, opts: ClusterOptions, loadgen: LoadGenerator): Promise<ClusterRoomResult> {
  const cluster = await startInstances(setup, shared);
  const { targets } = cluster;
  let probes: ProbeGroup | null = null;
  try {
    const w = await openWorkshop(targets[0]!, opts.people);
    const room = boardRoom(w.id);
    // Probe i and light client i go to instance i mod n, so probes on A and B see each other.
    probes = new ProbeGroup(targets, room, w.seats.slice(0, PROBES), MOVERS);
    if (!(await probes.synced())) throw new Error('probes did not sync');
    if (!(await probes.placeNotes())) throw new Error('notes did not reach every probe');
    const light = w.seats.slice(PROBES).map((seat, i) => lightSpec(targets[i % targets.length]!, room, seat, `Person ${i + PROBES + 1}`, room));
    const connected = await loadgen.connect(light);
    if (connected.failed > 0) throw new Error(`${connected.failed} light clients failed to connect`);
    await sleep(1000);

    const elu = performance.eventLoopUtilization();
    await loadgen.start(CURSOR_HZ);
    probes.start(CURSOR_HZ, MOVE_HZ);
    profileFromHere(targets);
    const sentUntilNow = await sentWindow(targets);
    const cpuUntilNow = cpuWindow(cluster.cpuSources);
    const systemUntilNow = cpuWindow(cluster.systemSources);
    const waitsUntilNow = await cluster.watchWaits?.();
    await sleep(opts.windowMs);
    probes.stop();
    await loadgen.stop();
    const cpu = cpuUntilNow();
    const system = systemUntilNow();
    const sent = await sentUntilNow();
    const postgresWaits = waitsUntilNow ? await waitsUntilNow() : null;
    const probeEventLoopUtilization = performance.eventLoopUtilization(elu).utilization;
    const instances = await instanceReports(targets, cpu, system, sent);

    const p = probes;
    const lightMovesExpected = p.movesMade * light.length;
    const stats = await drain(loadgen, (s) => s.updates >= lightMovesExpected && p.movesSeen >= p.movesExpected, (s) => s.updates + s.entries + p.movesSeen, opts.drainMs);
    const onSharedStore = setup !== 'sqlite';
    const totalCursorSends = stats.sends + p.cursorSends;
    // Moves each probe should have seen from probes on other instances.
    const crossExpected = p.probes.reduce((n, receiver) => n + p.probes.filter((s) => s.instance !== receiver.instance).reduce((m, s) => m + s.moves, 0), 0);
    return {
      setup,
      people: opts.people,
      moveLatencyMs: distribution(p.moveLatency),
      cursorLatencyMs: distribution(p.cursorLatency),
      crossMoveLatencyMs: distribution(p.crossMoveLatency),
      crossCursorLatencyMs: distribution(p.crossCursorLatency),
      crossMovesAtProbes: { expected: crossExpected, delivered: p.crossMoveLatency.length },
      moves: { sent: p.movesMade, expected: lightMovesExpected + p.movesExpected, delivered: stats.updates + p.movesSeen },
      cursors: {
        sent: totalCursorSends,
        expected: light.length * totalCursorSends - stats.sends,
        delivered: stats.entries,
        finalStateMissing: stats.finalStateStale,
        finalStatePairs: stats.finalStatePairs,
      },
      instances,
      redisCpuPercent: onSharedStore ? cpu[targets.length]! : null,
      postgresCpuPercent: onSharedStore ? cpu[targets.length + 1]! : null,
      postgresWaits,
      loadgenCpuPercent: stats.cpuPercent,
      loadgenSaturated: stats.eventLoopUtilization > 0.9,
      probeEventLoopUtilization,
      closes: stats.closes,
    };
  } finally {
    probes?.destroy();
    try {
      await loadgen.closeClients();
    } finally {
      await cluster.stop();
    }
  }
}

/** Many small boards over two instances: two people of each board on each, one of those two a real client moving a note. */
async function runSpreadBoards(shared: Shared, opts: ClusterOptions, loadgen: LoadGenerator): Promise<ClusterBoardsResult> {
  const cluster = await startInstances('postgres-2', shared);
  const { targets } = cluster;
  const groups: ProbeGroup[] = [];
  // Every WebsocketProvider in Node adds a process 'exit' listener.
  process.setMaxListeners(Math.max(process.getMaxListeners(), opts.boards * BOARD_LOAD.probes + 50));
  try {
    const workshops = await inBatches(Array.from({ length: opts.boards }), 4, (_, i) => openWorkshop(targets[i % targets.length]!, BOARD_LOAD.people));
    // Real clients arrive a few boards at a time, as people do, rather than as one burst.
    for (let i = 0; i < workshops.length; i += 20) {
      const wave = workshops.slice(i, i + 20).map((w) => new ProbeGroup(targets, boardRoom(w.id), w.seats.slice(0, BOARD_LOAD.probes), BOARD_LOAD.probes));
      groups.push(...wave);
      if (!(await Promise.all(wave.map((g) => g.synced()))).every(Boolean)) throw new Error('board probes did not sync');
      if (!(await Promise.all(wave.map((g) => g.placeNotes()))).every(Boolean)) throw new Error('a board’s notes did not reach both of its probes');
    }
    const specs = workshops.flatMap((w) =>
      w.seats.slice(BOARD_LOAD.probes).map((seat, i) => lightSpec(targets[i % targets.length]!, boardRoom(w.id), seat, `Person ${i + BOARD_LOAD.probes + 1}`, w.id)),
    );
    const connected = await loadgen.connect(specs, true);
    if (connected.failed > 0) throw new Error(`${connected.failed} light clients failed to connect`);
    await sleep(1000);

    const elu = performance.eventLoopUtilization();
    await loadgen.start(BOARD_LOAD.cursorHz);
    for (const g of groups) g.start(BOARD_LOAD.cursorHz, BOARD_LOAD.moveHz);
    profileFromHere(targets);
    const sentUntilNow = await sentWindow(targets);
    const cpuUntilNow = cpuWindow(cluster.cpuSources);
    const systemUntilNow = cpuWindow(cluster.systemSources);
    const waitsUntilNow = await cluster.watchWaits!();
    await sleep(opts.boardsWindowMs);
    for (const g of groups) g.stop();
    await loadgen.stop();
    const cpu = cpuUntilNow();
    const system = systemUntilNow();
    const sent = await sentUntilNow();
    const postgresWaits = await waitsUntilNow();
    const probeEventLoopUtilization = performance.eventLoopUtilization(elu).utilization;
    const instances = await instanceReports(targets, cpu, system, sent);

    const sum = (f: (g: ProbeGroup) => number) => groups.reduce((n, g) => n + f(g), 0);
    const lightPerBoard = BOARD_LOAD.people - BOARD_LOAD.probes;
    const lightMovesExpected = sum((g) => g.movesMade) * lightPerBoard;
    const stats = await drain(
      loadgen,
      (s) => s.updates >= lightMovesExpected && sum((g) => g.movesSeen) >= sum((g) => g.movesExpected),
      (s) => s.updates + s.entries + sum((g) => g.movesSeen),
      opts.drainMs,
    );
    const probeCursorSends = sum((g) => g.cursorSends);
    return {
      setup: 'postgres-2',
      boards: opts.boards,
      people: opts.boards * BOARD_LOAD.people,
      moveLatencyMs: distribution(groups.flatMap((g) => g.moveLatency)),
      cursorLatencyMs: distribution([...stats.latencies, ...groups.flatMap((g) => g.cursorLatency)]),
      moves: { sent: sum((g) => g.movesMade), expected: lightMovesExpected + sum((g) => g.movesExpected), delivered: stats.updates + sum((g) => g.movesSeen) },
      cursors: {
        sent: stats.sends + probeCursorSends,
        // Each light client hears the other light client of its board and both probes.
        expected: stats.sends * (lightPerBoard - 1) + probeCursorSends * lightPerBoard,
        delivered: stats.entries,
        finalStateMissing: stats.finalStateStale,
        finalStatePairs: stats.finalStatePairs,
      },
      instances,
      redisCpuPercent: cpu[targets.length]!,
      postgresCpuPercent: cpu[targets.length + 1]!,
      postgresWaits,
      loadgenCpuPercent: stats.cpuPercent,
      loadgenSaturated: stats.eventLoopUtilization > 0.9,
      probeEventLoopUtilization,
      closes: stats.closes,
    };
  } finally {
    for (const g of groups) g.destroy();
    try {
      await loadgen.closeClients();
    } finally {
      await cluster.stop();
    }
  }
}

/** Starts one PostgreSQL and one Redis for the whole scenario, runs each setup on a fresh database, and stops both. */
export async function runCluster(opts: ClusterOptions, ctx: ClusterContext): Promise<ClusterResult> {
  ctx.log('cluster: starting PostgreSQL 15 (fsync on) and redis-server');
  const postgres = await startPostgres();
  let redis: Redis | null = null;
  try {
    redis = await startRedis();
    const shared = { postgres, redis };
    const room: ClusterRoomResult[] = [];
    for (const setup of SETUPS) {
      ctx.log(`cluster: one board of ${opts.people} people, ${SETUP_LABEL[setup]}`);
      room.push(await ctx.withLoadgen((loadgen) => runSplitRoom(setup, shared, opts, loadgen)));
    }
    ctx.log(`cluster: ${opts.boards} boards × ${BOARD_LOAD.people} people, ${SETUP_LABEL['postgres-2']}`);
    const boards = await ctx.withLoadgen((loadgen) => runSpreadBoards(shared, opts, loadgen));
    return { room, boards };
  } finally {
    await redis?.stop();
    await postgres.stop();
  }
}
