import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { createServer, type RunningServer } from '../../server/createServer';

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
