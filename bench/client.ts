// npm run bench:client [-- --quick]
// The board in headless Chromium on a 2,000-note board: time from synced to the first full
// render, frame times while dragging, while others move notes, while 200 cursors move, JS heap.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { boardRoom, controlRoom } from '@shared/rooms';
import { dragNote } from '@shared/schema/board';
import { updateSession } from '@shared/schema/control';
import { DESKTOP, ensureTestBuild, joinAs, launchBrowser, newPage } from '../test/helpers/browser';
import { openWorkshop, post, type Seat } from './lib/api';
import { fillBoard } from './lib/board';
import { LoadGenerator, randomClientId } from './lib/loadgenControl';
import { openProvider, whenSynced } from './lib/probes';
import { startOurs, type Target } from './lib/servers';
import { distribution, sleep, type Distribution } from './lib/stats';
import { ms, table } from './lib/report';

const quick = process.argv.includes('--quick');
const NOTES = 2000;
const PHASE_MS = quick ? 3000 : 6000;
const DRAG_MS = 3000;

// Installed before the app loads: records every animation frame, when the board's full state
// arrives, and each time a Konva layer is drawn, with how many nodes it holds.
const RECORDER = `
(() => {
  const rec = { frames: [], syncedAt: null, draws: [], longTasks: [] };
  window.__bench = rec;
  // The moment the board's full state (sync step 2) arrives from the server.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (!String(url).includes('/board')) return;
      this.addEventListener('message', (e) => {
        if (rec.syncedAt !== null || !(e.data instanceof ArrayBuffer) || e.data.byteLength < 2) return;
        const head = new Uint8Array(e.data, 0, 2);
        if (head[0] === 0 && head[1] === 1) rec.syncedAt = performance.now();
      });
    }
  };
  const tick = (t) => { rec.frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  // Layers are created and first drawn inside one long task, so patch their prototype as soon as Konva loads.
  const poll = setInterval(() => {
    const Layer = window.Konva && window.Konva.Layer;
    if (!Layer) return;
    clearInterval(poll);
    const drawScene = Layer.prototype.drawScene;
    Layer.prototype.drawScene = function (...args) {
      const out = drawScene.apply(this, args);
      rec.draws.push({ t: performance.now(), nodes: this.getChildren().length });
      return out;
    };
  }, 1);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
})();
`;

interface Recorder {
  frames: number[];
  syncedAt: number | null;
  draws: Array<{ t: number; nodes: number }>;
  longTasks: number[];
}

interface PhaseResult {
  phase: string;
  frameMs: Distribution;
  longTasks: number;
  heapMiB: number;
}

function recorder(page: Page): Promise<Recorder> {
  return page.evaluate(() => (window as unknown as { __bench: Recorder }).__bench);
}

/** Frame times (ms between animation frames) recorded while fn runs. */
async function measureFrames(page: Page, phase: string, fn: () => Promise<void>): Promise<PhaseResult> {
  await page.evaluate(() => {
    const rec = (window as unknown as { __bench: Recorder }).__bench;
    rec.frames.length = 0;
    rec.longTasks.length = 0;
  });
  await fn();
  const rec = await recorder(page);
  const deltas = rec.frames.slice(1).map((t, i) => t - rec.frames[i]!);
  return { phase, frameMs: distribution(deltas), longTasks: rec.longTasks.length, heapMiB: await heapMiB(page) };
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/** Real providers in Node that keep `count` notes moving, each at `hz`, as people dragging them would. */
async function moveNotesRemotely(target: Target, room: string, seat: Seat, ids: string[], hz: number, durationMs: number): Promise<number> {
  const movers = Array.from({ length: 5 }, () => openProvider(target, room, seat.token, new Y.Doc()));
  await Promise.all(movers.map(whenSynced));
  let moves = 0;
  const timers: NodeJS.Timeout[] = [];
  ids.forEach((id, i) => {
    const doc = movers[i % movers.length]!.doc;
    let k = 0;
    const step = () => {
      k++;
      dragNote(doc, id, Math.sin(k / 7 + i) * 0.9, Math.cos(k / 11 + i) * 0.9);
      moves++;
    };
    timers.push(setTimeout(() => timers.push(setInterval(step, 1000 / hz)), Math.random() * (1000 / hz)));
  });
  await sleep(durationMs);
  for (const t of timers) clearTimeout(t);
  for (const m of movers) {
    m.destroy();
    m.doc.destroy();
  }
  return moves;
}

async function main(): Promise<void> {
  ensureTestBuild();
  const target = await startOurs();
  const browser = await launchBrowser();
  const results: { machine: Record<string, unknown>; renderMs: number | null; phases: PhaseResult[]; remoteMoves: number } = {
    machine: { date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverageAtStart: loadavg() },
    renderMs: null,
    phases: [],
    remoteMoves: 0,
  };
  const loadgen = new LoadGenerator();
  try {
    const w = await openWorkshop(target, 201);
    const fac = await post<Seat>(`${target.httpUrl}/api/workshops/${w.id}/join`, { key: w.keys.facilitator, name: 'Facilitator' });
    const control = openProvider(target, controlRoom(w.id), fac.token);
    await whenSynced(control);
    updateSession(control.doc, { phase: 'place' });
    const filler = w.seats[0]!;
    const writer = await fillBoard(target, boardRoom(w.id), filler, NOTES);
    writer.close();

    const { page } = await newPage(browser, { viewport: DESKTOP });
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    await page.addInitScript(RECORDER);
    await joinAs(page, `${target.httpUrl}/w/${w.id}#key=${w.keys.participant}`, 'Bench');
    // The first draw of a layer holding every note, after the board's state arrived.
    await page.waitForFunction(
      (n) => {
        const rec = (window as unknown as { __bench: Recorder }).__bench;
        return rec.syncedAt !== null && rec.draws.some((d) => d.nodes >= n && d.t >= rec.syncedAt!);
      },
      NOTES,
      { timeout: 60_000 },
    );
    const rec = await recorder(page);
    const drawn = rec.draws.find((d) => d.nodes >= NOTES && d.t >= rec.syncedAt!)!;
    results.renderMs = drawn.t - rec.syncedAt!;
    await sleep(1000);
    await page.screenshot({ path: 'bench/results/client-board.png' });

    results.phases.push(await measureFrames(page, 'idle', () => sleep(2000)));

    const noteId = 'note-1000';
    const at = await page.evaluate((id) => window.__fourPaths!.noteScreenPosition(id), noteId);
    if (!at) throw new Error(`${noteId} is not on the board`);
    results.phases.push(
      await measureFrames(page, `dragging one note for ${DRAG_MS / 1000} s`, async () => {
        await page.mouse.move(at.x, at.y);
        await page.mouse.down();
        const start = Date.now();
        for (let i = 1; Date.now() - start < DRAG_MS; i++) {
          await page.mouse.move(at.x + Math.sin(i / 20) * 200, at.y + Math.cos(i / 25) * 120);
          await sleep(16);
        }
        await page.mouse.up();
      }),
    );

    const moved = Array.from({ length: 50 }, (_, i) => `note-${i * 40}`);
    results.phases.push(
      await measureFrames(page, '50 remote notes moving at 10 Hz', async () => {
        results.remoteMoves = await moveNotesRemotely(target, boardRoom(w.id), filler, moved, 10, PHASE_MS);
      }),
    );
    await page.screenshot({ path: 'bench/results/client-remote-moves.png' });

    const cursors = w.seats.slice(1, 201).map((seat, i) => ({
      url: `${target.wsBase}/${boardRoom(w.id)}?token=${encodeURIComponent(seat.token)}`,
      clientId: randomClientId(),
      participantId: seat.participantId,
      name: `Person ${i + 1}`,
      group: w.id,
    }));
    await loadgen.connect(cursors);
    results.phases.push(
      await measureFrames(page, '200 remote cursors moving at 10 Hz', async () => {
        await loadgen.start(10);
        await sleep(PHASE_MS);
        await page.screenshot({ path: 'bench/results/client-cursors.png' });
        await loadgen.stop();
      }),
    );
    control.destroy();
    control.doc.destroy();
  } finally {
    await loadgen.exit();
    await browser.close();
    await target.stop();
  }

  const report = [
    `Four Paths client bench — ${String(results.machine.date).slice(0, 16).replace('T', ' ')} UTC, headless Chromium (software rendering), ${DESKTOP.width}×${DESKTOP.height}, board of ${NOTES} notes`,
    '',
    `Board state received → first full render (apply, mount, draw): ${ms(results.renderMs)} ms`,
    '',
    table(
      ['while', 'frame ms p50 / p95 / p99 / max', 'frames', 'long tasks', 'JS heap after'],
      results.phases.map((p) => [p.phase, `${ms(p.frameMs.p50)} / ${ms(p.frameMs.p95)} / ${ms(p.frameMs.p99)} / ${ms(p.frameMs.max)}`, p.frameMs.n, p.longTasks, `${p.heapMiB.toFixed(0)} MiB`]),
    ),
    '',
    `Remote note moves sent: ${results.remoteMoves}. Screenshots: bench/results/client-*.png`,
  ].join('\n');
  process.stdout.write(report + '\n');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/client-${String(results.machine.date).replace(/[:.]/g, '-')}.json`, JSON.stringify({ ...results, report }, null, 2));
}

mkdirSync('bench/results', { recursive: true });
await main();

