import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

// A throw-away PostgreSQL for the integration project: a fresh cluster in a temp dir on a free
// port, stopped and removed when the run ends (also when it fails).

const BIN = '/usr/lib/postgresql/15/bin';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** initdb and postgres refuse to run as root, so as root they run as the postgres user. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function waitReady(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start in 30 s:\n${log()}`)), 30_000);
    const check = (chunk: Buffer) => {
      if (chunk.toString().includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with ${code}:\n${log()}`));
    });
  });
}

export default async function setup(project: TestProject) {
  if (!existsSync(`${BIN}/postgres`)) throw new Error(`PostgreSQL 15 is missing in ${BIN}: run node scripts/ensure-postgres.mjs`);
  const dir = mkdtempSync(join(tmpdir(), 'four-paths-pg-'));
  // The postgres user must own the cluster directory; the socket lives beside it.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  let child: ChildProcess | null = null;
  try {
    const user = runAs();
    execFileSync(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'], { stdio: 'pipe', cwd: dir, ...user });
    const port = await freePort();
    const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=200'];
    child = spawn(`${BIN}/postgres`, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...user });
    let log = '';
    child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    await waitReady(child, () => log);
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE four_paths_test');
    await admin.end();
    project.provide('databaseUrl', `postgres://postgres@127.0.0.1:${port}/four_paths_test`);
  } catch (err) {
    child?.kill('SIGINT');
    cleanup();
    throw err;
  }
  const running = child;
  return async () => {
    // SIGINT: a fast shutdown that ends open sessions.
    await new Promise<void>((resolve) => {
      if (running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGINT');
    });
    cleanup();
  };
}
