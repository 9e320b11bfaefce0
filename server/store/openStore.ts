import { join } from 'node:path';
import { SQLITE_FILE, type Config } from '../config';
import { openPostgresStore } from './postgresStore';
import { openSqliteEngine } from './sqliteEngine';
import type { AsyncStore } from './types';

/** The store the configuration asks for: PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR. */
export function openStore(config: Config): Promise<AsyncStore> {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, { historyKeep: config.HISTORY_KEEP, poolSize: config.PG_POOL_SIZE });
  const file = join(config.dataDir, SQLITE_FILE);
  return Promise.resolve(openSqliteEngine(file, { busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS, historyKeep: config.HISTORY_KEEP }));
}
