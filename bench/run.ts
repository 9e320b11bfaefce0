// npm run bench [-- --quick] [-- --only=room,clients,join,rooms,export,cluster] [-- --people=200]
// Our server (child process, store and roles on) beside @y/websocket-server 0.1.1 (and, in the
// room scenario, Hocuspocus 4.7.0), under the same load from a separate load-generator process. Prints Markdown tables, writes JSON to bench/results/.
// `cluster` (several instances on PostgreSQL + Redis) runs only when named: it needs PostgreSQL 15 and
// redis-server installed, and the default bench must keep running with nothing to install.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { LoadGenerator } from './lib/loadgenControl';
import { LABEL, startTarget, type ServerKind } from './lib/servers';
import { dist, mib, ms, pct, ratio, table } from './lib/report';
import { runRoom, type RoomResult } from './scenarios/room';
import { runRealClients, type RealClientsResult } from './scenarios/realClients';
import { runJoin, type JoinResult } from './scenarios/join';
import { runManyRooms, type ManyRoomsResult } from './scenarios/manyRooms';
import { runExport, type ExportResult } from './scenarios/export';
import { runExportLive, type ExportLiveResult } from './scenarios/exportLive';
import { BOARD_LOAD, runCluster, SETUP_LABEL, type ClusterResult, type ClusterRoomResult, type InstanceReport } from './scenarios/cluster';

const SCENARIOS = ['room', 'clients', 'join', 'rooms', 'export', 'cluster'] as const;
type Scenario = (typeof SCENARIOS)[number];
const DEFAULT_SCENARIOS: Scenario[] = ['room', 'clients', 'join', 'rooms', 'export'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const only = new Set<Scenario>(onlyArg ? (onlyArg.split(',') as Scenario[]) : DEFAULT_SCENARIOS);
for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario "${s}"; use ${SCENARIOS.join(', ')}`);
const peopleArg = args.find((a) => a.startsWith('--people='))?.slice('--people='.length);

const plan = quick
  ? { people: [25, 200], windowMs: 5000, drainMs: 5000, clientsMs: 4000, joinSamples: 5, rooms: 100, roomsWindowMs: 5000, exportSamples: 1, clusterPeople: 200, clusterBoards: 100 }
  : { people: [25, 100, 200], windowMs: 15_000, drainMs: 10_000, clientsMs: 10_000, joinSamples: 15, rooms: 250, roomsWindowMs: 15_000, exportSamples: 3, clusterPeople: 200, clusterBoards: 500 };
if (peopleArg) plan.people = peopleArg.split(',').map(Number);

const NOTES = 5000;
/** The export tail is measured with a live room on the same server. */
const EXPORT_LIVE = { people: 100, downloads: 10 };
// Every WebsocketProvider in Node adds a process 'exit' listener; the bench runs dozens on purpose.
process.setMaxListeners(200);
const SERVERS: ServerKind[] = ['ours', 'reference'];
/** The room scenario also runs Hocuspocus, the second reference. */
const ROOM_SERVERS: ServerKind[] = ['ours', 'reference', 'hocuspocus'];

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: leave it unknown.
  }
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    commit,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

interface Results {
  machine: ReturnType<typeof machine>;
  plan: typeof plan;
  room: RoomResult[];
  clients: RealClientsResult[];
  join: Array<JoinResult & { server: ServerKind }>;
  rooms: ManyRoomsResult[];
  export: ExportResult[] | null;
  exportLive: ExportLiveResult | null;
  cluster: ClusterResult | null;
}

/** A fresh load generator per run, so one run's garbage and sockets never slow the next. */
async function withLoadgen<T>(fn: (loadgen: LoadGenerator) => Promise<T>): Promise<T> {
  const loadgen = new LoadGenerator();
  try {
    return await fn(loadgen);
  } finally {
    await loadgen.exit();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const results: Results = { machine: machine(), plan, room: [], clients: [], join: [], rooms: [], export: null, exportLive: null, cluster: null };
  if (only.has('room')) {
    for (const [i, people] of plan.people.entries()) {
      // Alternate who goes first, so drift on a shared machine does not always favour one side.
      for (const kind of i % 2 === 0 ? ROOM_SERVERS : [...ROOM_SERVERS].reverse()) {
        log(`room: ${people} people on ${LABEL[kind]}`);
        results.room.push(await withLoadgen((loadgen) => runRoom(kind, { people, windowMs: plan.windowMs, drainMs: plan.drainMs }, loadgen)));
      }
    }
  }
  if (only.has('clients')) {
    for (const client of ['ours', 'stock'] as const) {
      log(`real clients: 50 × ${client === 'ours' ? 'our session code' : 'stock y-websocket provider'}`);
      results.clients.push(await runRealClients(client, 50, plan.clientsMs));
    }
  }
  if (only.has('join') || only.has('export')) {
    for (const kind of SERVERS) {
      if (kind === 'reference' && !only.has('join')) continue;
      const target = await startTarget(kind, { ROOM_IDLE_MS: '300' });
      try {
        log(`join: board of ${NOTES} notes on ${LABEL[kind]}`);
        const joined = await runJoin(target, NOTES, plan.joinSamples);
        results.join.push({ server: kind, notes: joined.notes, warmMs: joined.warmMs, coldMs: joined.coldMs });
        if (kind === 'ours' && only.has('export')) {
          log(`export: summary of ${NOTES} notes in every format`);
          results.export = await runExport(target, joined.workshop, plan.exportSamples);
        }
      } finally {
        await target.stop();
      }
    }
  }
  if (only.has('export')) {
    log(`export: ${EXPORT_LIVE.downloads} PDFs of ${NOTES} notes while ${EXPORT_LIVE.people} people are live`);
    results.exportLive = await withLoadgen((loadgen) => runExportLive({ notes: NOTES, ...EXPORT_LIVE }, loadgen));
  }
  if (only.has('rooms')) {
    for (const kind of SERVERS) {
      log(`many rooms: ${plan.rooms} boards × 4 people on ${LABEL[kind]}`);
      results.rooms.push(
        await withLoadgen((loadgen) => runManyRooms(kind, { rooms: plan.rooms, peoplePerRoom: 4, windowMs: plan.roomsWindowMs, idleMs: 1000 }, loadgen)),
      );
    }
  }
  if (only.has('cluster')) {
    results.cluster = await runCluster(
      { people: plan.clusterPeople, windowMs: plan.windowMs, drainMs: plan.drainMs, boards: plan.clusterBoards, boardsWindowMs: plan.roomsWindowMs },
      { withLoadgen, log },
    );
  }

  const report = render(results, (Date.now() - started) / 1000);
  process.stdout.write(report + '\n');
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/server-${results.machine.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`;
  writeFileSync(file, JSON.stringify({ ...results, report }, null, 2));
  log(`wrote ${file}`);
}

function render(r: Results, seconds: number): string {
  const m = r.machine;
  const out: string[] = [
    `Four Paths server bench${quick ? ' (quick)' : ''} — ${m.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, commit ${m.commit}, load average at start ${m.loadAverageAtStart.join(' ')}, ${seconds.toFixed(0)} s`,
  ];
  const find = (people: number, kind: ServerKind) => r.room.find((x) => x.people === people && x.server === kind);

  if (r.room.length) {
    out.push(
      '',
      `### One board: everyone's cursor at 10 Hz, 5 people dragging a note at 5 Hz (${plan.windowMs / 1000} s)`,
      '',
      'Latencies in ms as p50 / p95 / p99 / max, from the move until another client has applied it. Hocuspocus merges the updates of one event-loop turn into one message, so its moves are counted at the 8 real clients only.',
      '',
      table(
        ['people', 'server', 'note move', 'cursor', 'moves delivered', 'cursor states delivered', 'last cursor state everywhere', 'server CPU', 'server peak RSS', 'load generator CPU'],
        r.room.map((x) => [
          x.people,
          LABEL[x.server],
          dist(x.moveLatencyMs),
          dist(x.cursorLatencyMs),
          `${pct(x.moves.delivered, x.moves.expected)}${x.movesCountedAt === 'real clients' ? ' (real clients)' : ''}`,
          pct(x.cursors.delivered, x.cursors.expected),
          pct(x.cursors.finalStatePairs - x.cursors.finalStateMissing, x.cursors.finalStatePairs),
          `${x.serverCpuPercent.toFixed(0)} %`,
          mib(x.serverPeakRssMiB),
          `${x.loadgenCpuPercent.toFixed(0)} %${x.loadgenSaturated ? ' (saturated)' : ''}`,
        ]),
      ),
      '',
      table(
        ['people', 'reference', 'move p99 ours/ref', 'cursor p99 ours/ref', 'server CPU ours/ref'],
        plan.people.flatMap((p) => {
          const o = find(p, 'ours');
          return (['reference', 'hocuspocus'] as const).flatMap((kind) => {
            const f = find(p, kind);
            return o && f ? [[p, LABEL[kind], ratio(o.moveLatencyMs.p99, f.moveLatencyMs.p99), ratio(o.cursorLatencyMs.p99, f.cursorLatencyMs.p99), ratio(o.serverCpuPercent, f.serverCpuPercent)]] : [];
          });
        }),
      ),
    );
  }
  if (r.clients.length) {
    out.push(
      '',
      '### 50 real clients (WebsocketProvider + our LocalPresence), cursors at 10 Hz',
      '',
      table(
        ['client', 'cursor changes/s', 'messages the server received/s', 'messages per change'],
        r.clients.map((x) => [
          x.client === 'ours' ? 'our session code (own awareness only)' : 'stock y-websocket 3.1 provider',
          x.cursorChangesPerSecond.toFixed(0),
          x.serverMessagesInPerSecond.toFixed(0),
          x.messagesPerChange.toFixed(2),
        ]),
      ),
    );
  }
  if (r.join.length) {
    out.push(
      '',
      `### A fresh client joins a board of ${NOTES} notes: connect → synced, ms as median / p95 / max`,
      '',
      table(
        ['server', 'warm (room in memory)', 'cold (loaded from the store)'],
        r.join.map((x) => [
          LABEL[x.server],
          `${ms(x.warmMs.p50)} / ${ms(x.warmMs.p95)} / ${ms(x.warmMs.max)}`,
          x.coldMs ? `${ms(x.coldMs.p50)} / ${ms(x.coldMs.p95)} / ${ms(x.coldMs.max)}` : 'no store',
        ]),
      ),
    );
  }
  if (r.rooms.length) {
    out.push(
      '',
      `### ${plan.rooms} boards × 4 people, cursors at 2 Hz (${plan.roomsWindowMs / 1000} s)`,
      '',
      table(
        ['server', 'cursor p50 / p95 / p99 / max', 'delivered', 'server CPU', 'RSS idle', 'RSS loaded', 'RSS after all left', 'V8 heap idle → after', 'rooms still loaded'],
        r.rooms.map((x) => [
          LABEL[x.server],
          dist(x.cursorLatencyMs),
          pct(x.cursors.delivered, x.cursors.expected),
          `${x.serverCpuPercent.toFixed(0)} %`,
          mib(x.rssIdleMiB),
          mib(x.rssLoadedMiB),
          `${mib(x.rssAfterLeaveMiB)} (${x.rssAfterLeaveMiB >= x.rssIdleMiB ? '+' : ''}${((100 * (x.rssAfterLeaveMiB - x.rssIdleMiB)) / x.rssIdleMiB).toFixed(0)} %)`,
          x.heapIdleMiB === null || x.heapAfterLeaveMiB === null ? '–' : `${mib(x.heapIdleMiB)} → ${mib(x.heapAfterLeaveMiB)}`,
          x.roomsLoadedAfterLeave ?? 'never unloads',
        ]),
      ),
    );
  }
  if (only.has('export')) {
    out.push('', `### Summary export of a ${NOTES}-note board over HTTP`, '');
    out.push(
      r.export
        ? table(
            ['format', 'median', 'max', 'size'],
            r.export.map((x) => [x.format, x.medianMs === null ? 'not yet available' : `${ms(x.medianMs)} ms`, x.maxMs === null ? '–' : `${ms(x.maxMs)} ms`, x.bytes === null ? '–' : `${(x.bytes / 1024).toFixed(0)} KiB`]),
          )
        : 'not yet available',
    );
  }
  const live = r.exportLive;
  if (live) {
    out.push(
      '',
      `### ${live.pdfMs.length} PDF downloads of the ${live.notes}-note board, one after another, while ${live.people} people are live on another board`,
      '',
      table(
        ['PDF p50 / p95 / p99 / max', 'each download (ms)', 'size', 'live room: note move', 'live room: cursor', 'server event-loop delay p99'],
        [[dist(live.pdf), live.pdfMs.map((v) => v.toFixed(0)).join(' '), `${(live.pdfBytes / 1024).toFixed(0)} KiB`, dist(live.moveLatencyMs), dist(live.cursorLatencyMs), `${ms(live.serverLoopLagP99Ms)} ms`]],
      ),
    );
  }
  if (r.cluster) out.push(...renderCluster(r.cluster));
  const rows = targets(r);
  if (rows.length) out.push('', '### Targets (our server)', '', table(['target', 'measured', 'met'], rows));
  return out.join('\n');
}

const cpuEach = (instances: readonly InstanceReport[]) => instances.map((i) => `${i.cpuPercent.toFixed(0)} %`).join(' + ');
const cpuOrDash = (v: number | null) => (v === null ? '–' : `${v.toFixed(0)} %`);

function renderCluster(c: ClusterResult): string[] {
  const split = c.room.filter((x) => x.instances.length > 1);
  const b = c.boards;
  const runs = [...c.room.map((x) => ({ run: `${plan.clusterPeople} people, ${SETUP_LABEL[x.setup]}`, ...x })), { run: `${b.boards} boards, ${SETUP_LABEL[b.setup]}`, ...b }];
  return [
    '',
    `### One board of ${plan.clusterPeople} people over several instances: the room scenario's load (${plan.windowMs / 1000} s)`,
    '',
    'Light clients and probes are dealt out evenly over the instances (A, B, A, B, …); latencies in ms as p50 / p95 / p99 / max at the 8 probes, which include pairs across instances. CPU is % of one core over the window; PostgreSQL sums the postmaster and all its children.',
    '',
    table(
      ['setup', 'note move', 'cursor', 'moves delivered', 'cursor states delivered', 'last cursor state everywhere', 'CPU per instance', 'Redis CPU', 'PostgreSQL CPU', 'load generator CPU', 'probe process busy'],
      c.room.map((x) => [
        SETUP_LABEL[x.setup],
        dist(x.moveLatencyMs),
        dist(x.cursorLatencyMs),
        pct(x.moves.delivered, x.moves.expected),
        pct(x.cursors.delivered, x.cursors.expected),
        pct(x.cursors.finalStatePairs - x.cursors.finalStateMissing, x.cursors.finalStatePairs),
        cpuEach(x.instances),
        cpuOrDash(x.redisCpuPercent),
        cpuOrDash(x.postgresCpuPercent),
        `${x.loadgenCpuPercent.toFixed(0)} %${x.loadgenSaturated ? ' (saturated)' : ''}`,
        `${(100 * x.probeEventLoopUtilization).toFixed(0)} %`,
      ]),
    ),
    '',
    'Only between probes on different instances:',
    '',
    table(
      ['setup', 'note move across', 'cursor across', 'moves across delivered at probes'],
      split.map((x) => [SETUP_LABEL[x.setup], dist(x.crossMoveLatencyMs), dist(x.crossCursorLatencyMs), `${x.crossMovesAtProbes.delivered}/${x.crossMovesAtProbes.expected}`]),
    ),
    '',
    `### ${b.boards} boards × ${BOARD_LOAD.people} people over 2 instances, two of each board on each, cursors at ${BOARD_LOAD.cursorHz} Hz, one real client per instance and board moving its note at ${BOARD_LOAD.moveHz} Hz (${plan.roomsWindowMs / 1000} s)`,
    '',
    'Every measured pair is across instances: the two probes of a board are on different instances, and so are its two light clients.',
    '',
    table(
      ['note move', 'cursor', 'moves delivered', 'cursor states delivered', 'last cursor state everywhere', 'CPU per instance', 'Redis CPU', 'PostgreSQL CPU', 'load generator CPU', 'probe process busy'],
      [
        [
          dist(b.moveLatencyMs),
          dist(b.cursorLatencyMs),
          pct(b.moves.delivered, b.moves.expected),
          pct(b.cursors.delivered, b.cursors.expected),
          pct(b.cursors.finalStatePairs - b.cursors.finalStateMissing, b.cursors.finalStatePairs),
          cpuEach(b.instances),
          cpuOrDash(b.redisCpuPercent),
          cpuOrDash(b.postgresCpuPercent),
          `${b.loadgenCpuPercent.toFixed(0)} %${b.loadgenSaturated ? ' (saturated)' : ''}`,
          `${(100 * b.probeEventLoopUtilization).toFixed(0)} %`,
        ],
      ],
    ),
    '',
    'Each instance’s own view (/metrics) after the window:',
    '',
    table(
      ['run', 'instance', 'CPU (of it in the kernel)', 'messages sent per second', 'event-loop delay p99', 'store append mean / max', 'bus published', 'bus received', 'bus dropped', 'gaps repaired from the store'],
      runs.flatMap(({ run, instances }) =>
        instances.map((i, n) => [run, 'AB'[n] ?? String(n), `${i.cpuPercent.toFixed(0)} % (${i.systemPercent.toFixed(0)} %)`, i.sentPerSecond.toFixed(0), `${ms(i.loopLagP99Ms)} ms`, `${ms(i.storeWriteAvgMs)} / ${ms(i.storeWriteMaxMs)} ms`, i.busPublished, i.busReceived, i.busDropped, i.gapsRepaired]),
      ),
    ),
    '',
    'PostgreSQL client backends waiting, on average over the window (sampled every 100 ms): for another transaction’s lock (two instances appending to one room queue on its counter row), and for the WAL to reach the disk:',
    '',
    table(
      ['run', 'waiting for a lock', 'waiting for the WAL', 'samples'],
      runs.flatMap(({ run, postgresWaits: w }) => (w ? [[run, w.lockWaiting.toFixed(2), w.walWaiting.toFixed(2), w.samples]] : [])),
    ),
    '',
    '### Targets (cluster)',
    '',
    table(['target', 'measured', 'result'], clusterTargets(c)),
  ];
}

function clusterTargets(c: ClusterResult): Array<[string, string, string]> {
  const find = (setup: ClusterRoomResult['setup']) => c.room.find((x) => x.setup === setup);
  const split = find('postgres-2');
  const single = find('postgres-1');
  if (!split) return [];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const missed = split.moves.expected - split.moves.delivered + split.cursors.finalStateMissing;
  const rows: Array<[string, string, string]> = [
    ['split board: note move p99 ≤ 40 ms', `${ms(split.moveLatencyMs.p99)} ms`, verdict(split.moveLatencyMs.p99 <= 40)],
    ['split board: cursor p99 ≤ 80 ms', `${ms(split.cursorLatencyMs.p99)} ms`, verdict(split.cursorLatencyMs.p99 <= 80)],
    [
      'split board: every note move and every last cursor state delivered',
      `${split.moves.delivered}/${split.moves.expected} moves, ${split.cursors.finalStatePairs - split.cursors.finalStateMissing}/${split.cursors.finalStatePairs} last states`,
      verdict(missed === 0),
    ],
  ];
  if (single) {
    const base = single.instances[0]!.cpuPercent;
    const worst = Math.max(...split.instances.map((i) => i.cpuPercent));
    rows.push(['split board: CPU of each instance ≤ 0.6× one instance’s (both PostgreSQL + Redis)', `${(worst / base).toFixed(2)}× (${cpuEach(split.instances)} vs ${base.toFixed(0)} %)`, verdict(worst / base <= 0.6)]);
  }
  return rows;
}

function targets(r: Results): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  const check = (name: string, value: number | null | undefined, limit: number, show: (v: number) => string = (v) => (v >= 10_000 ? ms(v) : `${ms(v)} ms`)) => {
    if (value === null || value === undefined || Number.isNaN(value)) return;
    rows.push([name, show(value), value <= limit ? 'yes' : 'no']);
  };
  const at200 = r.room.find((x) => x.people === 200 && x.server === 'ours');
  if (at200) {
    check('200 people: note move p99 ≤ 20 ms', at200.moveLatencyMs.p99, 20);
    check('200 people: cursor p99 ≤ 25 ms', at200.cursorLatencyMs.p99, 25);
    const hp = r.room.find((x) => x.people === 200 && x.server === 'hocuspocus');
    if (hp) check('200 people: server CPU ≤ 0.35× Hocuspocus’s', at200.serverCpuPercent / hp.serverCpuPercent, 0.35, (v) => `${v.toFixed(2)}× (${at200.serverCpuPercent.toFixed(0)} % vs ${hp.serverCpuPercent.toFixed(0)} %)`);
    const missed = at200.moves.expected - at200.moves.delivered + at200.cursors.finalStateMissing;
    rows.push(['200 people: every note move and every last cursor state delivered', `${at200.moves.delivered}/${at200.moves.expected} moves, ${at200.cursors.finalStatePairs - at200.cursors.finalStateMissing}/${at200.cursors.finalStatePairs} last states`, missed === 0 ? 'yes' : 'no']);
  }
  const o100 = r.room.find((x) => x.people === 100 && x.server === 'ours');
  const f100 = r.room.find((x) => x.people === 100 && x.server === 'reference');
  if (o100 && f100) check('100 people: server CPU ≤ half the reference’s', o100.serverCpuPercent / f100.serverCpuPercent, 0.5, (v) => `${v.toFixed(2)}× (${o100.serverCpuPercent.toFixed(0)} % vs ${f100.serverCpuPercent.toFixed(0)} %)`);
  const mine = r.clients.find((x) => x.client === 'ours');
  if (mine) check('real clients: ≤ 1.1 messages per cursor change', mine.messagesPerChange, 1.1, (v) => v.toFixed(2));
  const join = r.join.find((x) => x.server === 'ours');
  if (join) {
    check(`join ${NOTES} notes warm: median ≤ 150 ms`, join.warmMs.p50, 150);
    check(`join ${NOTES} notes cold: median ≤ 300 ms`, join.coldMs?.p50, 300);
  }
  const many = r.rooms.find((x) => x.server === 'ours');
  if (many) {
    check(`${plan.rooms} boards × 4: cursor p99 ≤ 50 ms`, many.cursorLatencyMs.p99, 50);
    check('RSS after unload within 20 % of idle', (100 * (many.rssAfterLeaveMiB - many.rssIdleMiB)) / many.rssIdleMiB, 20, (v) => `${v >= 0 ? '+' : ''}${v.toFixed(0)} %`);
  }
  for (const e of r.export ?? []) check(`export ${e.format} ≤ 1 s`, e.medianMs, 1000);
  if (r.exportLive) check(`PDF of ${NOTES} notes, p99 of ${r.exportLive.pdfMs.length} with ${r.exportLive.people} people live ≤ 1 s`, r.exportLive.pdf.p99, 1000);
  return rows;
}

await main();
