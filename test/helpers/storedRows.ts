import type { Database } from 'better-sqlite3';
import type { TestServer } from './server';

/** The server's own SQLite handle, for tests that look at what is on disk or make the disk fail. */
export function sqliteHandle(server: TestServer): Database {
  const data = server.server.deps.data as unknown as { engine: string; db?: Database };
  if (data.engine !== 'sqlite' || !data.db) throw new Error('this test looks at the SQLite file; the server runs on another store');
  return data.db;
}

/** Rows as stored, to check what the store keeps (hashes, sealed keys), not how the server reads them. */
export function storedRows(server: TestServer, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  return sqliteHandle(server).prepare(sql).all(...params) as Record<string, unknown>[];
}
