import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { until } from '../helpers/clients';
import { createWorkshop, join as joinWorkshop } from '../helpers/workshop';

// The deployment the README documents: build here, then in a fresh folder holding only
// package.json, the lock and dist/, `npm ci --omit=dev && npm run start:prod`.
// Install scripts are skipped and better-sqlite3's compiled addon is copied from this checkout:
// compiling it again would take minutes, and it is the same version for the same Node.

const run = promisify(execFile);
let dir: string;
let server: ChildProcess | null = null;
let url: string;
const output: string[] = [];

beforeAll(async () => {
  if (!existsSync('dist/client/index.html')) throw new Error('dist/client is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'four-paths-prod-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(file, join(dir, file));
  cpSync('dist', join(dir, 'dist'), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  cpSync('node_modules/better-sqlite3/build', join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });

  // Its own process group, so npm and the server it starts stop together.
  const child = spawn('npm', ['run', '--silent', 'start:prod'], {
    cwd: dir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  server = child;
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const m = /"url":"(http:[^"]+)".*listening/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`start:prod exited with ${code}:\n${output.join('\n')}`)));
  });
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(-server.pid!, 'SIGKILL');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the production deployment', () => {
  it('installs without the build tools', () => {
    // typescript is left out: i18next names it as an optional peer, so npm keeps it; nothing runs it.
    for (const tool of ['vite', 'tsx', 'esbuild', 'vitest', '@biomejs/biome']) {
      expect(existsSync(join(dir, 'node_modules', tool)), tool).toBe(false);
    }
  });

  it('answers its health check', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: { ok: true, engine: 'sqlite' }, bus: { ok: true, kind: 'local' } });
  });

  it('serves the landing page and its script', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Four Paths</title>');
    const script = /<script type="module" crossorigin src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${url}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves a first page that loads neither the canvas nor the sync code, in under 120 kB gzip', async () => {
    const html = await (await fetch(`${url}/`)).text();
    const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let gzipBytes = 0;
    for (const script of scripts) {
      const code = await (await fetch(`${url}${script}`)).text();
      // Marker strings that survive minification: Konva's name and yjs's double-import warning.
      expect(code).not.toMatch(/Konva|Yjs was already imported/);
      gzipBytes += gzipSync(code, { level: 9 }).length;
    }
    expect(gzipBytes).toBeLessThan(120_000);
  });

  it('warms its PDF worker up at start and renders a summary PDF on it, without tsx', async () => {
    await until(() => output.some((line) => line.includes('PDF worker warmed up')), 'the PDF worker to warm up', 20_000);
    const w = await createWorkshop(url, 'Deployed PDF');
    const fay = await joinWorkshop(url, w, 'facilitator', 'Fay');
    const res = await fetch(`${url}/api/workshops/${w.id}/summary.pdf`, { headers: { authorization: `Bearer ${fay.token}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('creates a workshop', async () => {
    const res = await fetch(`${url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Deployed' }),
    });
    expect(res.status).toBe(201);
  });
});
