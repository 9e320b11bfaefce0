import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './childServer';

// A throw-away redis-server: loopback only, nothing persisted, its temp dir removed when it exits.

export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM, resolved once it exited; a no-op when it is not running. */
  stop(): Promise<void>;
  /** Stops it (if running) and starts a fresh one on the same port. */
  restart(): Promise<void>;
  /** SIGKILL, like a crash; `restart` or `stop` afterwards. */
  kill(): void;
}

const START_TIMEOUT_MS = 10_000;

function spawnRedis(port: number): Promise<ChildProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'four-paths-redis-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('exit', cleanup);
  return new Promise((resolve, reject) => {
    let log = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start in ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    // Keep reading after it is ready, so a full pipe never blocks the server.
    const read = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (!ready && log.includes('Ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      cleanup();
      const hint = err.code === 'ENOENT' ? 'redis-server is not on PATH: run node scripts/ensure-redis.mjs' : err.message;
      reject(new Error(hint));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`redis-server exited with ${code ?? signal} before it was ready:\n${log}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts redis-server on a free port and resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await spawnRedis(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child),
    async restart() {
      await stopChild(child);
      child = await spawnRedis(port);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
