import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Row, Value } from './rowDigest';
import { COPIED_TABLES, type CopiedTable, describeKey, SQLITE_INTERNAL, StoreCopyError } from './tables';

// The source side of `npm run store:copy`: the SQLite file opened read-only, every table read
// inside one read transaction, so the copy is one consistent moment even while a server writes.

export interface SqliteSnapshot {
  /** The table's rows in key order (none when this older store lacks the table). */
  rows(table: CopiedTable): IterableIterator<Row>;
  /** The highest board_history id ever handed out, also of versions pruned since. */
  historyIdsUsed(): number;
  /** Ends the read transaction and closes the file; again is a no-op. */
  close(): void;
}

const columnList = (table: CopiedTable) => table.columns.map((c) => c.name).join(', ');
const keyOrder = (table: CopiedTable) => table.key.join(', ');

/** Opens the store for reading only and starts the read transaction every later read shares. */
export function openSqliteSnapshot(file: string): SqliteSnapshot {
  if (!existsSync(file)) throw new StoreCopyError(null, `no SQLite store at ${file}`);
  // Read-only: SQLite may create the -shm/-wal companions to read a WAL store, but never writes the store.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let present: Set<string>;
  try {
    db.exec('BEGIN');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreCopyError(null, `${file} failed its integrity check: ${String(check)}`);
    present = checkTables(db);
  } catch (err) {
    db.close();
    throw err;
  }

  const select = (table: CopiedTable): string | null => {
    if (table.name === 'doc_rooms') return roomCounters(present);
    if (!present.has(table.name)) return null;
    return `SELECT ${columnList(table)} FROM ${table.name}${table.only ? ` WHERE ${table.only}` : ''} ORDER BY ${keyOrder(table)}`;
  };

  return {
    *rows(table) {
      const sql = select(table);
      if (!sql) return;
      // Safe integers: a value past 2^53 is refused below rather than rounded into a different row.
      const stmt = db.prepare(sql).raw(true).safeIntegers(true);
      for (const raw of stmt.iterate() as IterableIterator<unknown[]>) yield toRow(table, raw);
    },
    historyIdsUsed() {
      if (!present.has('sqlite_sequence')) return 0;
      const r = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'board_history'").get();
      return r?.seq ?? 0;
    },
    close() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/** The tables the file has; refuses one the copy does not know (its rows would be left behind) or a changed column list. */
function checkTables(db: Database.Database): Set<string> {
  const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
  const known = new Map(COPIED_TABLES.map((t) => [t.name, t]));
  for (const name of names) {
    if (SQLITE_INTERNAL.test(name)) continue;
    const table = known.get(name);
    if (!table) throw new StoreCopyError(name, 'this table is not known to the copy, so its rows would be left behind; update Four Paths first');
    const have = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}') ORDER BY name`).all().map((r) => r.name);
    const want = table.columns.map((c) => c.name).sort();
    if (have.join() !== want.join()) throw new StoreCopyError(name, `the SQLite table has the columns (${have.join(', ')}), the copy expects (${want.join(', ')})`);
  }
  return new Set(names);
}

/**
 * The per-room counters the SQLite engine goes by: the counter row if there is one, but never
 * below the highest logged update, because the log was (and by the rooms' pipeline still is)
 * written without the counter. The target's counter must continue from there.
 */
function roomCounters(present: Set<string>): string | null {
  const parts: string[] = [];
  if (present.has('doc_rooms')) parts.push('SELECT room, last_seq, folded_seq FROM doc_rooms');
  if (present.has('doc_updates')) parts.push('SELECT room, MAX(seq) AS last_seq, 0 AS folded_seq FROM doc_updates GROUP BY room');
  if (parts.length === 0) return null;
  return `SELECT room, MAX(last_seq), MAX(folded_seq) FROM (${parts.join(' UNION ALL ')}) GROUP BY room ORDER BY room`;
}

function toRow(table: CopiedTable, raw: unknown[]): Row {
  return table.columns.map((column, i): Value => {
    const v = raw[i];
    if (column.type === 'text' && typeof v === 'string') return v;
    if (column.type === 'bytea' && Buffer.isBuffer(v)) return v;
    if ((column.type === 'bigint' || column.type === 'integer') && typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) {
      return Number(v);
    }
    const held = v === null ? 'NULL' : Buffer.isBuffer(v) ? 'a blob' : typeof v === 'bigint' ? `the integer ${v}` : `a ${typeof v}`;
    throw new StoreCopyError(table.name, `the row ${describeKey(table, raw)} holds ${held} in ${column.name}, where the PostgreSQL store expects ${column.type}`);
  });
}

/** Groups rows into batches of at most `maxRows` rows and about `maxBytes` bytes, so memory stays bounded however large the store. */
export function* inBatches(rows: Iterable<Row>, maxRows = 500, maxBytes = 8 * 1024 * 1024): Generator<Row[]> {
  let batch: Row[] = [];
  let bytes = 0;
  for (const row of rows) {
    batch.push(row);
    for (const v of row) bytes += typeof v === 'number' ? 8 : v.length;
    if (batch.length >= maxRows || bytes >= maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
