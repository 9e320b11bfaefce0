import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, startBuiltServer } from '../../harness/childServer';
import { waitFor } from './stats';
import { startHocuspocus } from './hocuspocus';

export type ServerKind = 'ours' | 'reference' | 'hocuspocus';

/** A server under test, running in its own process. */
export interface Target {
  kind: ServerKind;
  pid: number;
  httpUrl: string;
  /** What a WebsocketProvider is given as its server URL; the room name is appended to it. */
  wsBase: string;
  stop(): Promise<void>;
}

export const LABEL: Record<ServerKind, string> = { ours: 'Four Paths', reference: '@y/websocket-server 0.1.1', hocuspocus: 'Hocuspocus 4.7.0' };

/**
 * Our server as shipped (store, roles, validation on), with the per-IP and per-workshop join limits lifted
 * because every simulated participant joins from 127.0.0.1.
 */
export async function startOurs(env: Record<string, string> = {}): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'four-paths-bench-'));
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const server = await startBuiltServer(dataDir, {
    RATE_CREATE_PER_MINUTE: '1000000',
    RATE_JOIN_PER_MINUTE: '1000000',
    RATE_JOIN_PER_WORKSHOP_PER_MINUTE: '1000000',
    ...(profileDir ? { NODE_OPTIONS: `--import ${fileURLToPath(new URL('./cpuProfile.mjs', import.meta.url))}` } : {}),
    ...env,
  });
  // Keep only recent log lines: a long run would otherwise hold every join in memory.
  const trim = setInterval(() => server.lines.splice(0, Math.max(0, server.lines.length - 200)), 1000);
  return {
    kind: 'ours',
    pid: server.child.pid!,
    httpUrl: server.url,
    wsBase: server.wsUrl,
    async stop() {
      clearInterval(trim);
      if (profileDir) {
        server.child.kill('SIGUSR2');
        await waitFor(() => server.lines.some((l) => l.includes('cpu profile written')), 10_000);
      }
      await server.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}


/** The reference server in its standard setup: its own bin script, in memory, no auth. */
export async function startReference(): Promise<Target> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('@y/websocket-server/package.json')), 'src/server.js');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [bin], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('reference server did not start')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return {
    kind: 'reference',
    pid: child.pid!,
    httpUrl: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function startTarget(kind: ServerKind, env: Record<string, string> = {}): Promise<Target> {
  if (kind === 'hocuspocus') return startHocuspocus();
  return kind === 'ours' ? startOurs(env) : startReference();
}

/** One counter or gauge from our server's /metrics. */
export async function readMetric(target: Target, name: string): Promise<number> {
  const text = await (await fetch(`${target.httpUrl}/metrics`)).text();
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}
