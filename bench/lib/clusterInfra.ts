import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../harness/childServer';

// What several instances of our server share in the cluster bench: a throw-away PostgreSQL 15
// (fsync on, so commits cost what they cost in production) and a redis-server, each on a free
// port in its own temp dir, removed when stopped.

const PG_BIN = '/usr/lib/postgresql/15/bin';
const START_TIMEOUT_MS = 30_000;
// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
const TICKS_PER_SECOND = 100;

export interface Postgres {
  /** The postmaster's pid; its children are the backends and background workers. */
  pid: number;
  /** A new, empty database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** CPU seconds the postmaster and all its children (also those that exited) have used so far. */
  cpuSeconds(): number;
  /** Samples what client backends wait for until the returned function is called. */
  watchWaits(): Promise<() => Promise<WaitSample>>;
  stop(): Promise<void>;
}

/** Client backends waiting, on average over the samples: for a lock (another transaction's row), and for the WAL to reach the disk. */
export interface WaitSample {
  samples: number;
  lockWaiting: number;
  walWaiting: number;
}

const WAIT_SAMPLE_MS = 100;

async function watchWaits(url: string): Promise<() => Promise<WaitSample>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sum = { samples: 0, lock: 0, wal: 0 };
  let stopped = false;
  // One sample at a time; a slow answer just means fewer samples.
  const loop = (async () => {
    while (!stopped) {
      const r = await client.query<{ lock: number; wal: number }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
                count(*) FILTER (WHERE wait_event IN ('WALSync', 'WALWrite'))::int AS wal
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      sum.samples++;
      sum.lock += r.rows[0]!.lock;
      sum.wal += r.rows[0]!.wal;
      await new Promise((resolve) => setTimeout(resolve, WAIT_SAMPLE_MS));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await client.end();
    const n = Math.max(1, sum.samples);
    return { samples: sum.samples, lockWaiting: sum.lock / n, walWaiting: sum.wal / n };
  };
}

export interface Redis {
  pid: number;
  url: string;
  stop(): Promise<void>;
}


/** initdb and postgres refuse to run as root, so as root they run as the postgres user. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Resolves once the child logged `ready`; rejects with its last output if it exits or takes too long. */
function untilReady(child: ChildProcess, name: string, ready: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    let done = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${START_TIMEOUT_MS / 1000} s:\n${log}`));
    }, START_TIMEOUT_MS);
    // Keep reading after it is ready, so a full pipe never blocks the server.
    const read = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (!done && log.includes(ready)) {
        done = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(err.code === 'ENOENT' ? `${name} is not installed` : err.message));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!done) reject(new Error(`${name} exited with ${code ?? signal} before it was ready:\n${log}`));
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    // A child that never spawned (ENOENT) has no pid and will not exit.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The /proc/<pid>/stat fields after the command name (which may itself hold spaces and parentheses). */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // It exited meanwhile.
  }
}

/**
 * The postmaster's own time, the time of the children it has reaped (cutime/cstime: backends
 * that ended), and that of every live child. Children of the postmaster rather than processes of
 * the postgres user: other PostgreSQL servers may run as that user on the same machine.
 */
function postmasterCpuSeconds(postmaster: number): number {
  const own = statFields(postmaster);
  if (!own) return NaN;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    // Field 4 of stat (index 1 here) is the parent pid.
    if (f && Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** A fresh PostgreSQL 15 cluster on 127.0.0.1 with default durability (fsync and synchronous commit on). */
export async function startPostgres(): Promise<Postgres> {
  if (!existsSync(`${PG_BIN}/postgres`)) throw new Error(`PostgreSQL 15 is missing in ${PG_BIN}: run node scripts/ensure-postgres.mjs`);
  const dir = mkdtempSync(join(tmpdir(), 'four-paths-bench-pg-'));
  // The postgres user must own the cluster directory; the socket lives beside it.
  chmodSync(dir, 0o777);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const data = join(dir, 'data');
  const user = postgresUser();
  let child: ChildProcess | null = null;
  try {
    execFileSync(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8'], { stdio: 'pipe', cwd: dir, ...user });
    const port = await freePort();
    const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'max_connections=100'];
    child = spawn(`${PG_BIN}/postgres`, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user });
    await untilReady(child, 'PostgreSQL', 'ready to accept connections');
    const running = child;
    const base = `postgres://postgres@127.0.0.1:${port}`;
    return {
      pid: running.pid!,
      async createDatabase(name) {
        const admin = new pg.Client({ connectionString: `${base}/postgres` });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return `${base}/${name}`;
      },
      cpuSeconds: () => postmasterCpuSeconds(running.pid!),
      watchWaits: () => watchWaits(`${base}/postgres`),
      async stop() {
        // SIGINT: a fast shutdown that ends open sessions.
        await stopChild(running, 'SIGINT');
        cleanup();
      },
    };
  } catch (err) {
    if (child) await stopChild(child, 'SIGKILL');
    cleanup();
    throw err;
  }
}

/** A redis-server on 127.0.0.1 that persists nothing. */
export async function startRedis(): Promise<Redis> {
  const dir = mkdtempSync(join(tmpdir(), 'four-paths-bench-redis-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn('redis-server', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await untilReady(child, 'redis-server', 'Ready to accept connections');
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    cleanup();
    throw err;
  }
  return {
    pid: child.pid!,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stopChild(child, 'SIGTERM');
      cleanup();
    },
  };
}
