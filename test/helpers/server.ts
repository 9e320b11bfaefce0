import { afterAll, afterEach, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { createServer, type RunningServer } from '../../server/createServer';
import { connectRoom, type RoomClient } from './clients';
import { freshDatabase } from './pgDatabase';

/** Which store the suite runs on: `TEST_STORE=postgres` runs the same tests on PostgreSQL. */
export const TEST_STORE = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** On PostgreSQL, a data directory stands for one database, so a restart in the same directory finds its data again. */
export async function databaseFor(dataDir: string): Promise<Record<string, string>> {
  if (TEST_STORE !== 'postgres') return {};
  const marker = join(dataDir, 'database-url');
  if (!existsSync(marker)) writeFileSync(marker, await freshDatabase());
  return { DATABASE_URL: readFileSync(marker, 'utf8') };
}

export interface TestServer {
  url: string;
  wsUrl: string;
  dataDir: string;
  server: RunningServer;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/** The real server on port 0 with a real SQLite file in a fresh temp dir (or the one given). */
export async function startTestServer(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'four-paths-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    STATIC_DIR: 'dist/client',
    // Dozens of test servers share two cores: their PDF workers start with their first download, cold.
    PDF_WARM_UP: '0',
    ...(opts.env?.DATABASE_URL ? {} : await databaseFor(dataDir)),
    ...opts.env,
  });
  const server = await createServer({ config, logger: createLogger(config.LOG_LEVEL) });
  server.deps.config.publicUrl = server.url;
  return {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws') + '/sync',
    dataDir,
    server,
    async close({ keepData = false } = {}) {
      await server.close();
      if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One server for a test file, started before its tests and closed after them, plus a
 * `connect` whose clients are destroyed after each test.
 */
export function useSharedServer() {
  let current: TestServer | null = null;
  const cleanups: Array<() => void> = [];
  beforeAll(async () => {
    current = await startTestServer();
  });
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  afterAll(() => current?.close());
  return {
    get server(): TestServer {
      if (!current) throw new Error('the shared server starts in beforeAll');
      return current;
    },
    /** Runs after the current test, with the clients' teardown. */
    onCleanup(fn: () => void): void {
      cleanups.push(fn);
    },
    connect(room: string, who: { token: string }): RoomClient {
      const client = connectRoom(current!, room, who.token);
      cleanups.push(() => client.destroy());
      return client;
    },
  };
}
