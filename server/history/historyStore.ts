import type { Database } from 'better-sqlite3';

/** One saved version of a workshop's board, without its bytes. */
export interface SnapshotInfo {
  id: number;
  createdAt: number;
  reason: string;
  noteCount: number;
}

export interface HistoryStore {
  add(workshopId: string, reason: string, noteCount: number, data: Uint8Array, createdAt?: number): SnapshotInfo;
  /** Newest first. */
  list(workshopId: string): SnapshotInfo[];
  data(workshopId: string, id: number): Uint8Array | null;
  latestAt(workshopId: string): number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS board_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, workshop_id TEXT NOT NULL, created_at INTEGER NOT NULL,
  reason TEXT NOT NULL, note_count INTEGER NOT NULL, data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS board_history_by_workshop ON board_history(workshop_id, id);
`;

interface Row {
  id: number;
  created_at: number;
  reason: string;
  note_count: number;
}

const info = (r: Row): SnapshotInfo => ({ id: r.id, createdAt: r.created_at, reason: r.reason, noteCount: r.note_count });

/** Board snapshots in the store's own database, keeping the newest `keep` per workshop. */
export function openHistoryStore(db: Database, keep: number): HistoryStore {
  db.exec(SCHEMA);
  const q = {
    insert: db.prepare('INSERT INTO board_history (workshop_id, created_at, reason, note_count, data) VALUES (?, ?, ?, ?, ?)'),
    prune: db.prepare(
      'DELETE FROM board_history WHERE workshop_id = ? AND id NOT IN (SELECT id FROM board_history WHERE workshop_id = ? ORDER BY id DESC LIMIT ?)',
    ),
    list: db.prepare<[string], Row>('SELECT id, created_at, reason, note_count FROM board_history WHERE workshop_id = ? ORDER BY id DESC'),
    data: db.prepare<[string, number], { data: Buffer }>('SELECT data FROM board_history WHERE workshop_id = ? AND id = ?'),
    latest: db.prepare<[string], { at: number | null }>('SELECT MAX(created_at) AS at FROM board_history WHERE workshop_id = ?'),
  };
  const add = db.transaction((workshopId: string, reason: string, noteCount: number, data: Uint8Array, createdAt: number) => {
    const { lastInsertRowid } = q.insert.run(workshopId, createdAt, reason, noteCount, data);
    if (keep > 0) q.prune.run(workshopId, workshopId, keep);
    return Number(lastInsertRowid);
  });
  return {
    add(workshopId, reason, noteCount, data, createdAt = Date.now()) {
      return { id: add(workshopId, reason, noteCount, data, createdAt), createdAt, reason, noteCount };
    },
    list: (workshopId) => q.list.all(workshopId).map(info),
    data(workshopId, id) {
      const row = q.data.get(workshopId, id);
      return row ? new Uint8Array(row.data) : null;
    },
    latestAt: (workshopId) => q.latest.get(workshopId)?.at ?? null,
  };
}
