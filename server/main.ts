import { loadConfig } from './config';
import { createLogger } from './log';
import { createServer } from './createServer';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);

try {
  const server = await createServer({ config, logger: log });
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, err instanceof Error ? err.message : 'server failed to start');
  process.exit(1);
}
