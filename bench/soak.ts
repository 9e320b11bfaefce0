// `npm run soak`: minutes of realistic load against the real server, outside `npm test`.
// 50 workshops × 10 participants plus one room of 200 edit and move cursors; then every room
// must converge, memory must return to its baseline once rooms unload, and a restart with 200
// connected clients must see them all back (with jittered backoff) while the server answers.
// Only 127.0.0.1 is contacted; every loop is bounded in count and time.
//
// Knobs (env): SOAK_MINUTES (default 3), SOAK_WORKSHOPS (50), SOAK_ROOM_SIZE (10), SOAK_BIG_ROOM (200).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { boardRoom } from '@shared/rooms';
import { createNote, moveNote, notesOf, readBoard, setNoteText } from '@shared/schema/board';
import { sendOwnAwarenessOnly } from '../client/session/awarenessFilter';
import { addReconnectJitter } from '../client/session/reconnectJitter';
import { freePort, startBuiltServer, type ChildServer } from '../harness/childServer';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 3);
const WORKSHOPS = Number(process.env.SOAK_WORKSHOPS ?? 50);
const ROOM_SIZE = Number(process.env.SOAK_ROOM_SIZE ?? 10);
const BIG_ROOM = Number(process.env.SOAK_BIG_ROOM ?? 200);
const EDIT_EVERY_MS = 4000;
const CURSOR_EVERY_MS = 1000;
const IDLE_MS = 3000;
const HOST = '127.0.0.1';

interface Server extends ChildServer {
  inspector: Inspector;
}

interface Client {
  room: string;
  participantId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  refusals: number;
}

const checks: Array<{ name: string; ok: boolean; detail: string }> = [];
const figures: Record<string, unknown> = {};
function check(name: string, ok: boolean, detail: string): void {
  checks.push({ name, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await predicate()) return true;
    await sleep(stepMs);
  }
  return false;
}

/** The Chrome DevTools protocol of the server process: for a forced GC before reading memory. */
class Inspector {
  private nextId = 1;
  private pending = new Map<number, (result: unknown) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.pending.get(msg.id)?.(msg.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  async memoryAfterGc(): Promise<{ heapUsed: number; rss: number }> {
    for (let i = 0; i < 3; i++) await this.call('HeapProfiler.collectGarbage');
    const result = (await this.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    return JSON.parse(result.result.value) as { heapUsed: number; rss: number };
  }

  close(): void {
    this.ws.close();
  }
}

async function startServer(dataDir: string, port: number): Promise<Server> {
  const server = await startBuiltServer(
    dataDir,
    { PORT: String(port), HOST, ROOM_IDLE_MS: String(IDLE_MS), RATE_CREATE_PER_MINUTE: '100000', RATE_JOIN_PER_MINUTE: '100000', RATE_JOIN_PER_WORKSHOP_PER_MINUTE: '100000' },
    ['--inspect=127.0.0.1:0'],
  );
  if (!server.inspectorUrl) throw new Error('no inspector URL from the server');
  return { ...server, inspector: await Inspector.connect(server.inspectorUrl) };
}

async function stopServer(server: Server, signal: NodeJS.Signals): Promise<number | null> {
  server.inspector.close();
  return server.kill(signal);
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function metric(server: { url: string }, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

function connect(wsUrl: string, room: string, token: string, participantId: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  sendOwnAwarenessOnly(provider as never);
  addReconnectJitter(provider);
  const client: Client = { room, participantId, doc, provider, refusals: 0 };
  provider.on('connection-close', (event) => {
    if (event && event.code >= 4000) client.refusals++;
  });
  return client;
}

const synced = (c: Client) => c.provider.wsconnected && c.provider.synced;
const svOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');

/** One random edit, as a participant would make it: mostly moves, some new notes and text changes. */
function edit(c: Client, cap: number): void {
  const ids = [...notesOf(c.doc).keys()];
  const roll = Math.random();
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  if (ids.length === 0 || (roll < 0.3 && ids.length < cap)) {
    createNote(c.doc, { text: `idea ${ids.length + 1}`, x: Math.random() * 2 - 1, y: Math.random() * 2 - 1, authorId: c.participantId });
  } else if (roll < 0.9) moveNote(c.doc, pick(), Math.random() * 2 - 1, Math.random() * 2 - 1, c.participantId);
  else setNoteText(c.doc, pick(), `edited at ${new Date().toISOString().slice(11, 19)}`);
}

/**
 * Polls /healthz from a separate process every 50 ms (bounded to 2 minutes), so the latencies are the
 * server's and not this busy load generator's. stop() returns them in ms (Infinity for a failure).
 */
function probeHealth(url: string): { stop(): Promise<number[]> } {
  const script = `
    const url = ${JSON.stringify(`${url}/healthz`)};
    const until = Date.now() + 120000;
    const out = [];
    process.on('SIGTERM', () => { console.log(JSON.stringify(out)); process.exit(0); });
    (async () => {
      while (Date.now() < until) {
        const t = performance.now();
        try { out.push((await fetch(url)).ok ? performance.now() - t : null); } catch { out.push(null); }
        await new Promise((r) => setTimeout(r, 50));
      }
      console.log(JSON.stringify(out));
    })();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  const done = new Promise<number[]>((resolve) =>
    child.once('exit', () => resolve((JSON.parse(text || '[]') as Array<number | null>).map((v) => (v === null ? Infinity : v)))),
  );
  return {
    stop() {
      child.kill('SIGTERM');
      return done;
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  // Each provider's awareness registers a process 'exit' listener; hundreds in one process are expected here.
  process.setMaxListeners(0);
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-soak-'));
  const port = await freePort();
  const wsUrl = `ws://${HOST}:${port}/sync`;
  console.log(`soak: ${WORKSHOPS} workshops × ${ROOM_SIZE} + one room of ${BIG_ROOM}, ${MINUTES} min, data in ${dataDir}`);
  let server = await startServer(dataDir, port);
  const allLines: string[][] = [server.lines];

  // Workshops and people exist before the baseline, so it holds a warmed-up server with nothing loaded.
  const rooms: Array<{ id: string; people: Array<{ participantId: string; token: string }> }> = [];
  for (let i = 0; i <= WORKSHOPS; i++) {
    const size = i === WORKSHOPS ? BIG_ROOM : ROOM_SIZE;
    const w = await post<{ id: string; keys: { participant: string } }>(`${server.url}/api/workshops`, { title: `Soak ${i}` });
    const people = [];
    for (let p = 0; p < size; p++) people.push(await post<{ participantId: string; token: string }>(`${server.url}/api/workshops/${w.id}/join`, { key: w.keys.participant, name: `P${p}` }));
    rooms.push({ id: w.id, people });
  }
  await until(async () => (await metric(server, 'fourpaths_rooms_loaded')) === 0, IDLE_MS + 10_000, 200);
  const baseline = await server.inspector.memoryAfterGc();
  figures.baselineHeap = mb(baseline.heapUsed);
  figures.baselineRss = mb(baseline.rss);
  console.log(`baseline after GC: heap ${mb(baseline.heapUsed)}, rss ${mb(baseline.rss)}`);

  const clients: Client[] = [];
  for (const r of rooms) for (const p of r.people) clients.push(connect(wsUrl, boardRoom(r.id), p.token, p.participantId));
  const big = clients.filter((c) => c.room === boardRoom(rooms[WORKSHOPS]!.id));
  const connectStart = Date.now();
  check('all clients connect and sync', await until(() => clients.every(synced), 120_000, 100), `${clients.filter(synced).length}/${clients.length} in ${Date.now() - connectStart} ms`);

  // The load: edits and cursors, each client on its own jittered timer.
  let running = true;
  let edits = 0;
  const timers = clients.map((c) => {
    const cap = c.room === big[0]!.room ? 300 : 60;
    const editTimer = setInterval(() => {
      if (running && Math.random() < 0.5) {
        edit(c, cap);
        edits++;
      }
    }, EDIT_EVERY_MS / 2 + Math.random() * EDIT_EVERY_MS);
    const cursorTimer = setInterval(() => running && c.provider.awareness.setLocalStateField('cursor', { x: Math.random(), y: Math.random() }), CURSOR_EVERY_MS + Math.random() * 200);
    return [editTimer, cursorTimer];
  });
  const lagSamples: number[] = [];
  const heapSamples: number[] = [];
  const soakStart = Date.now();
  while (Date.now() - soakStart < MINUTES * 60_000) {
    await sleep(10_000);
    const lag = await metric(server, 'fourpaths_event_loop_lag_p99_seconds');
    const heap = await metric(server, 'fourpaths_heap_used_bytes');
    lagSamples.push(lag * 1000);
    heapSamples.push(heap);
    console.log(`  ${Math.round((Date.now() - soakStart) / 1000)} s: ${edits} edits, lag p99 ${(lag * 1000).toFixed(1)} ms, heap ${mb(heap)}, connections ${await metric(server, 'fourpaths_connections')}`);
  }
  running = false;
  for (const t of timers.flat()) clearInterval(t);
  figures.edits = edits;
  figures.editsPerSecond = Math.round(edits / (MINUTES * 60));
  figures.lagP99MsWorstWindow = Math.max(...lagSamples).toFixed(1);
  figures.heapPeak = mb(Math.max(...heapSamples));
  figures.storeWriteAvgMs = (await metric(server, 'fourpaths_store_write_ms_avg')).toFixed(2);
  figures.storeWriteMaxMs = (await metric(server, 'fourpaths_store_write_ms_max')).toFixed(1);

  // Every room converges: each client's document equals a fresh observer's.
  const convergeStart = Date.now();
  const observers = rooms.map((r) => connect(wsUrl, boardRoom(r.id), r.people[0]!.token, r.people[0]!.participantId));
  await until(() => observers.every(synced), 30_000);
  const byRoom = new Map(observers.map((o) => [o.room, o]));
  const converged = await until(() => clients.every((c) => svOf(c.doc) === svOf(byRoom.get(c.room)!.doc)), 60_000, 200);
  const notesTotal = observers.reduce((n, o) => n + readBoard(o.doc).notes.length, 0);
  check('every client converges', converged, `${clients.filter((c) => svOf(c.doc) === svOf(byRoom.get(c.room)!.doc)).length}/${clients.length} in ${Date.now() - convergeStart} ms, ${notesTotal} notes stored`);
  check('no client was refused', clients.every((c) => c.refusals === 0), `${clients.reduce((n, c) => n + c.refusals, 0)} refusals`);
  for (const o of observers) o.provider.destroy();

  // Everyone leaves; once rooms unload the heap must be back near the baseline.
  for (const c of clients) c.provider.disconnect();
  const unloaded = await until(async () => (await metric(server, 'fourpaths_rooms_loaded')) === 0, IDLE_MS + 30_000, 200);
  const after = await server.inspector.memoryAfterGc();
  const growth = after.heapUsed - baseline.heapUsed;
  figures.heapAfterUnload = mb(after.heapUsed);
  figures.heapGrowth = mb(growth);
  check('rooms unload when everyone left', unloaded, `rooms loaded: ${await metric(server, 'fourpaths_rooms_loaded')}`);
  check('heap returns to baseline after unload', growth < Math.max(8 * 1024 * 1024, baseline.heapUsed * 0.15), `baseline ${mb(baseline.heapUsed)}, after ${mb(after.heapUsed)} (${mb(growth)})`);

  // Restart with the big room connected: all of it comes back, spread out, and the server keeps answering.
  for (const c of big) c.provider.connect();
  check('the big room reconnects before the restart', await until(() => big.every(synced), 60_000), `${big.filter(synced).length}/${big.length}`);
  const exitCode = await stopServer(server, 'SIGTERM');
  check('graceful stop exits 0', exitCode === 0, `exit code ${exitCode}`);
  const backAt = new Map<Client, number>();
  for (const c of big) c.provider.once('sync', (isSynced: boolean) => isSynced && backAt.set(c, Date.now()));
  server = await startServer(dataDir, port);
  allLines.push(server.lines);
  const restartedAt = Date.now();
  const prober = probeHealth(server.url);
  const allBack = await until(() => big.every((c) => backAt.has(c)), 60_000);
  const health = await prober.stop();
  figures.serverLagMaxDuringRestartMs = ((await metric(server, 'fourpaths_event_loop_lag_max_seconds')) * 1000).toFixed(1);
  const delays = [...backAt.values()].map((t) => t - restartedAt);
  figures.restartClients = big.length;
  figures.restartAllBackMs = Math.max(...delays);
  figures.restartBackP50Ms = percentile(delays, 50);
  figures.restartBackP90Ms = percentile(delays, 90);
  figures.healthzDuringRestartP99Ms = percentile(health, 99).toFixed(1);
  figures.healthzDuringRestartMaxMs = Math.max(...health).toFixed(1);
  check(`all ${big.length} reconnect and resync after a restart`, allBack, `${backAt.size}/${big.length}; p50 ${figures.restartBackP50Ms} ms, p90 ${figures.restartBackP90Ms} ms, last ${figures.restartAllBackMs} ms after the server listened`);
  check(
    'the server answers during the reconnect storm',
    // Two seconds: the first client to return loads the big board in a process whose JIT is still cold (see docs/reliability.md).
    health.length > 0 && health.every(Number.isFinite) && Math.max(...health) < 2000,
    `healthz p99 ${figures.healthzDuringRestartP99Ms} ms, max ${figures.healthzDuringRestartMaxMs} ms over ${health.length} probes; server event-loop lag max ${figures.serverLagMaxDuringRestartMs} ms`,
  );
  createNote(big[0]!.doc, { text: 'after the restart', x: 0, y: 0, authorId: big[0]!.participantId });
  check('the big room converges after the restart', await until(() => big.every((c) => svOf(c.doc) === svOf(big[0]!.doc)), 30_000), `one new note reached all ${big.length}`);

  for (const c of clients) c.provider.destroy();
  await stopServer(server, 'SIGTERM');
  const problems = allLines.flat().filter((l) => /"level":(50|60)/.test(l) || (!l.startsWith('{') && l.trim() !== ''));
  const warnings = allLines.flat().filter((l) => /"level":40/.test(l));
  check('no error in the server log', problems.length === 0, problems.length === 0 ? `${warnings.length} warnings` : problems.slice(0, 5).join('\n'));
  console.log('\nfigures:', JSON.stringify(figures, null, 2));
  rmSync(dataDir, { recursive: true, force: true });
  const failed = checks.filter((c) => !c.ok);
  console.log(`\n${checks.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
