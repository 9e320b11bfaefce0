import { createHash, type Hash } from 'node:crypto';
import type { CopiedTable } from './tables';

// One encoding of a row for both engines, so a row read from SQLite and the same row read back
// from PostgreSQL compare equal byte for byte. Binary columns enter as their sha256, so PostgreSQL
// can hand back `sha256(data)` instead of the data itself.

export type Value = string | number | Buffer;
export type Row = readonly Value[];

export const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();

/** The row as it is compared: binary columns replaced by their sha256. */
export function comparable(table: CopiedTable, row: Row): Row {
  return row.map((v, i) => (table.columns[i]!.type === 'bytea' ? sha256(v as Buffer) : v));
}

/** A length-prefixed encoding of one comparable value: no two different values encode alike. */
function encodeValue(v: Value): Buffer {
  if (typeof v === 'number') return Buffer.from(`i${v};`);
  const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  return Buffer.concat([Buffer.from(`${typeof v === 'string' ? 's' : 'b'}${bytes.length}:`), bytes]);
}

export const encodeRow = (row: Row): Buffer => Buffer.concat([...row.map(encodeValue), Buffer.from('\n')]);

/** Names of the columns in which two comparable rows differ. */
export function differingColumns(table: CopiedTable, a: Row, b: Row): string[] {
  return table.columns.filter((_, i) => !encodeValue(a[i]!).equals(encodeValue(b[i]!))).map((c) => c.name);
}

/** Count and sha256 of a table's comparable rows, fed in key order. */
export class TableDigest {
  count = 0;
  private readonly hash: Hash = createHash('sha256');
  private value: string | null = null;

  add(row: Row): void {
    this.count++;
    this.hash.update(encodeRow(row));
  }

  get hex(): string {
    return (this.value ??= this.hash.digest('hex'));
  }
}
