import type { Database } from 'better-sqlite3';
import pg from 'pg';
import type { TestServer } from './server';

/** The server's own SQLite handle, for tests that make the disk fail under it. */
export function sqliteHandle(server: TestServer): Database {
  const data = server.server.deps.data as unknown as { engine: string; db?: Database };
  if (data.engine !== 'sqlite' || !data.db) throw new Error('this test makes the SQLite file fail; the server runs on another store');
  return data.db;
}

/**
 * Rows as stored, to check what the store keeps (hashes, sealed keys), not how the server reads
 * them; the same SQL on either engine (`?` placeholders).
 */
export async function storedRows(server: TestServer, sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> {
  const url = server.server.deps.config.DATABASE_URL;
  if (!url) return sqliteHandle(server).prepare(sql).all(...params) as Record<string, unknown>[];
  let n = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
