import type pg from 'pg';
import { comparable, differingColumns, encodeRow, type Row, TableDigest, type Value } from './rowDigest';
import { type CopiedTable, describeKey, StoreCopyError } from './tables';

// The target side of `npm run store:copy`, all inside the caller's one transaction: rows go in
// unless an equal row is there already; a different row under the same key stops the copy.

// Text keys in byte order, as SQLite's BINARY collation sorts them, so both sides digest rows in one order.
const orderBy = (table: CopiedTable) =>
  table.key.map((k) => (table.columns.find((c) => c.name === k)!.type === 'text' ? `${k} COLLATE "C"` : k)).join(', ');

// Binary columns come back as their sha256: the comparison needs no second copy of the data.
const comparableColumns = (table: CopiedTable) => table.columns.map((c) => (c.type === 'bytea' ? `sha256(${c.name})` : c.name)).join(', ');

const columnsAsArrays = (table: CopiedTable, rows: readonly Row[], indexes: number[]) => {
  const casts = indexes.map((i, n) => `$${n + 1}::${table.columns[i]!.type}[]`).join(', ');
  const params = indexes.map((i) => rows.map((r) => r[i]));
  return { casts, params };
};

const keyIndexes = (table: CopiedTable) => table.key.map((k) => table.columns.findIndex((c) => c.name === k));
const keyText = (table: CopiedTable, row: Row) => JSON.stringify(keyIndexes(table).map((i) => row[i]));

export interface BatchResult {
  copied: number;
  alreadyThere: number;
}

/** Inserts a batch of source rows; rows already in the target must be equal to them. */
export async function writeBatch(tx: pg.ClientBase, table: CopiedTable, rows: readonly Row[]): Promise<BatchResult> {
  const all = table.columns.map((_, i) => i);
  const values = columnsAsArrays(table, rows, all);
  const inserted = await tx
    .query<Value[]>({
      text: `INSERT INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${values.casts})
             ON CONFLICT DO NOTHING RETURNING ${table.key.join(', ')}`,
      values: values.params,
      rowMode: 'array',
    })
    .catch((err: unknown) => {
      throw new StoreCopyError(table.name, `PostgreSQL refused the rows: ${err instanceof Error ? err.message : String(err)}`);
    });
  const copiedKeys = new Set(inserted.rows.map((k) => JSON.stringify(k)));
  const skipped = rows.filter((r) => !copiedKeys.has(keyText(table, r)));
  if (skipped.length > 0) await requireEqual(tx, table, skipped);
  return { copied: inserted.rows.length, alreadyThere: skipped.length };
}

/** Rows the insert skipped: each must be in the target under its key, with the same content. */
async function requireEqual(tx: pg.ClientBase, table: CopiedTable, rows: readonly Row[]): Promise<void> {
  const keys = columnsAsArrays(table, rows, keyIndexes(table));
  const found = await tx.query<Value[]>({
    text: `SELECT ${comparableColumns(table)} FROM ${table.name} WHERE (${table.key.join(', ')}) IN (SELECT * FROM unnest(${keys.casts}))`,
    values: keys.params,
    rowMode: 'array',
  });
  const there = new Map(found.rows.map((r) => [keyText(table, r), r]));
  for (const row of rows) {
    const mine = comparable(table, row);
    const theirs = there.get(keyText(table, row));
    if (!theirs) {
      throw new StoreCopyError(table.name, `the row ${describeKey(table, row)} collides with a different row of the target on a unique column; nothing was copied`);
    }
    if (!encodeRow(mine).equals(encodeRow(theirs))) {
      const columns = differingColumns(table, mine, theirs).join(', ');
      throw new StoreCopyError(
        table.name,
        `the target already has the row ${describeKey(table, row)} with different content (${columns}); nothing was copied. ` +
          'Was the SQLite store changed since an earlier copy, or the target written to? Copy into an empty database.',
      );
    }
  }
}

/** Count and digest of the target table's rows, read through a cursor so memory stays bounded. */
export async function targetDigest(tx: pg.ClientBase, table: CopiedTable): Promise<TableDigest> {
  const digest = new TableDigest();
  const cursor = `copy_${table.name}`;
  await tx.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${comparableColumns(table)} FROM ${table.name}${table.only ? ` WHERE ${table.only}` : ''} ORDER BY ${orderBy(table)}`,
  );
  for (;;) {
    const page = await tx.query<Value[]>({ text: `FETCH 500 FROM ${cursor}`, rowMode: 'array' });
    for (const row of page.rows) digest.add(row);
    if (page.rows.length < 500) break;
  }
  await tx.query(`CLOSE ${cursor}`);
  return digest;
}

/** Moves board_history's id sequence past every id used, so the next version gets a fresh one; never backwards. */
export async function advanceHistoryIds(tx: pg.ClientBase, usedInSource: number): Promise<void> {
  const r = await tx.query<{ seq: string; max_id: number | null; last: number | null }>(
    `SELECT pg_get_serial_sequence('board_history', 'id') AS seq, (SELECT MAX(id) FROM board_history) AS max_id,
            pg_sequence_last_value(pg_get_serial_sequence('board_history', 'id')::regclass) AS last`,
  );
  const { seq, max_id, last } = r.rows[0]!;
  const past = Math.max(usedInSource, max_id ?? 0, last ?? 0);
  if (past > 0) await tx.query('SELECT setval($1::regclass, $2)', [seq, past]);
}
