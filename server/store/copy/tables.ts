// What `npm run store:copy` moves: every table the server creates in SQLite, with the columns
// both engines share (server/store/postgresStore.ts), in an order that satisfies the foreign keys.

export type ColumnType = 'text' | 'bigint' | 'integer' | 'bytea';

interface Column {
  name: string;
  type: ColumnType;
}

export interface CopiedTable {
  name: string;
  columns: readonly Column[];
  /** The primary key: rows are read, compared and digested in this order. */
  key: readonly string[];
  /** A condition, valid in both engines, on the rows that are copied and checked; others stay behind. */
  only?: string;
}

const text = (name: string): Column => ({ name, type: 'text' });
const bigint = (name: string): Column => ({ name, type: 'bigint' });
const integer = (name: string): Column => ({ name, type: 'integer' });
const bytea = (name: string): Column => ({ name, type: 'bytea' });

export const COPIED_TABLES: readonly CopiedTable[] = [
  // The health probe's mark is each store's own liveness write, rewritten every second while a server runs.
  { name: 'meta', columns: [text('key'), text('value')], key: ['key'], only: "key <> 'health-probe'" },
  {
    name: 'workshops',
    columns: [text('id'), text('title'), bigint('created_at'), text('facilitator_key'), text('participant_key'), text('viewer_key')],
    key: ['id'],
  },
  { name: 'participants', columns: [text('id'), text('workshop_id'), text('name'), text('role'), bigint('joined_at')], key: ['id'] },
  {
    name: 'participant_removals',
    columns: [text('participant_id'), text('workshop_id'), bigint('removed_at'), text('removed_by')],
    key: ['participant_id'],
  },
  { name: 'invite_keys', columns: [text('workshop_id'), text('role'), text('sealed')], key: ['workshop_id', 'role'] },
  { name: 'join_codes', columns: [text('workshop_id'), text('code_hash'), text('sealed')], key: ['workshop_id'] },
  { name: 'workshop_series', columns: [text('workshop_id'), text('series_id'), bigint('joined_at')], key: ['workshop_id'] },
  {
    name: 'votes',
    columns: [text('workshop_id'), text('participant_id'), text('note_id'), integer('count')],
    key: ['workshop_id', 'participant_id', 'note_id'],
  },
  {
    name: 'client_ids',
    columns: [text('room'), bigint('client_id'), text('participant_id'), bigint('bound_at')],
    key: ['room', 'client_id'],
  },
  { name: 'doc_snapshots', columns: [text('room'), bytea('data'), bigint('updated_at')], key: ['room'] },
  // Server jobs already run (a timer's advance): copied so none runs a second time on PostgreSQL.
  { name: 'job_claims', columns: [text('key'), bigint('claimed_at')], key: ['key'] },
  { name: 'doc_updates', columns: [text('room'), bigint('seq'), bytea('data')], key: ['room', 'seq'] },
  // Read from SQLite as the counters the SQLite engine goes by, which also cover rooms logged before the table existed.
  { name: 'doc_rooms', columns: [text('room'), bigint('last_seq'), bigint('folded_seq')], key: ['room'] },
  {
    name: 'board_history',
    columns: [bigint('id'), text('workshop_id'), bigint('created_at'), text('reason'), integer('note_count'), bytea('data')],
    key: ['id'],
  },
];

/** SQLite's own bookkeeping (AUTOINCREMENT counters), read where it matters rather than copied. */
export const SQLITE_INTERNAL = /^sqlite_/;

/** How a row is named in a message: its key, e.g. `room "w1/board", seq 3`. */
export function describeKey(table: CopiedTable, row: readonly unknown[]): string {
  return table.key
    .map((k) => {
      const v = row[table.columns.findIndex((c) => c.name === k)];
      return `${k} ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`;
    })
    .join(', ');
}

/** A copy that must stop: the message names the table (when there is one) and what is wrong. */
export class StoreCopyError extends Error {
  constructor(
    readonly table: string | null,
    message: string,
  ) {
    super(table ? `${table}: ${message}` : message);
  }
}
