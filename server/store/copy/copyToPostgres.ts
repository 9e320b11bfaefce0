import pg from 'pg';
import { openPostgresStore } from '../postgresStore';
import { inBatches, openSqliteSnapshot } from './readSqlite';
import { comparable, TableDigest } from './rowDigest';
import { COPIED_TABLES, StoreCopyError } from './tables';
import { advanceHistoryIds, targetDigest, writeBatch } from './writePostgres';

// `npm run store:copy`: the SQLite store, read at one moment, into PostgreSQL in one transaction,
// checked table by table before it commits. Running it again adds nothing; a row that differs stops it.

export interface TableSummary {
  table: string;
  copied: number;
  alreadyThere: number;
}

export interface CopySummary {
  tables: TableSummary[];
  /** Rows copied in all tables together: 0 means the target held everything already. */
  copied: number;
}

// Two copies into one database would each see the other's rows half-written.
const COPY_LOCK = 4242002;

// BIGINT columns as numbers, as the PostgreSQL store reads them.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Copies every table of the SQLite store at `from` into the PostgreSQL database at `to`. */
export async function copyToPostgres(from: string, to: string): Promise<CopySummary> {
  const source = openSqliteSnapshot(from);
  const client = new pg.Client({ connectionString: to, types, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect().catch((err: unknown) => {
      throw new StoreCopyError(null, `cannot reach PostgreSQL at ${redactUrl(to)}: ${describeError(err)}`);
    });
    // The tables as the server creates them, from the one place that defines them.
    await (await openPostgresStore(to, { historyKeep: 0, poolSize: 1 })).close();
    await client.query('BEGIN');
    try {
      const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [COPY_LOCK]);
      if (!locked.rows[0]?.ok) throw new StoreCopyError(null, 'another store copy into this database is running; try again when it has finished');
      const tables: TableSummary[] = [];
      const digests = new Map<string, TableDigest>();
      for (const table of COPIED_TABLES) {
        const digest = new TableDigest();
        const summary = { table: table.name, copied: 0, alreadyThere: 0 };
        for (const batch of inBatches(source.rows(table))) {
          for (const row of batch) digest.add(comparable(table, row));
          const r = await writeBatch(client, table, batch);
          summary.copied += r.copied;
          summary.alreadyThere += r.alreadyThere;
        }
        digests.set(table.name, digest);
        tables.push(summary);
      }
      const historyIds = source.historyIdsUsed();
      // Everything is read: the server's checkpoints need not wait for the checks.
      source.close();
      for (const table of COPIED_TABLES) requireSame(table.name, digests.get(table.name)!, await targetDigest(client, table));
      await advanceHistoryIds(client, historyIds);
      await client.query('COMMIT');
      return { tables, copied: tables.reduce((n, t) => n + t.copied, 0) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    source.close();
    await client.end().catch(() => {});
  }
}

function requireSame(table: string, source: TableDigest, target: TableDigest): void {
  if (target.count > source.count) {
    throw new StoreCopyError(
      table,
      `the target has ${target.count} rows, the SQLite store ${source.count}: it holds rows this store does not have ` +
        '(was the store changed since an earlier copy, for example a board compacted, or is the target a copy of another store?); nothing was copied',
    );
  }
  if (target.count !== source.count) throw new StoreCopyError(table, `the target has ${target.count} rows after copying, the SQLite store ${source.count}; nothing was copied`);
  if (target.hex !== source.hex) throw new StoreCopyError(table, `the target's rows differ from the SQLite store's (sha256 ${target.hex} against ${source.hex}); nothing was copied`);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

// A host with several addresses fails with an AggregateError whose own message is empty.
function describeError(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return err.errors.map(describeError).join('; ');
  return err instanceof Error ? err.message || String((err as { code?: unknown }).code ?? err.name) : String(err);
}
