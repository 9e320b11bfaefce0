import Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRole } from '@shared/roles';
import type { ParticipantRecord, Store, StoredUpdate, WorkshopRecord } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL,
  facilitator_key TEXT NOT NULL, participant_key TEXT NOT NULL, viewer_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshops(id),
  name TEXT NOT NULL, role TEXT NOT NULL, joined_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_by_workshop ON participants(workshop_id);
CREATE TABLE IF NOT EXISTS votes (
  workshop_id TEXT NOT NULL, participant_id TEXT NOT NULL, note_id TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (workshop_id, participant_id, note_id)
);
CREATE TABLE IF NOT EXISTS participant_removals (
  participant_id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshops(id),
  removed_at INTEGER NOT NULL, removed_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS doc_updates (
  room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq)
) WITHOUT ROWID;
`;

export class QuickCheckError extends Error {}

const KEY_COLUMNS = { facilitator: 'facilitator_key', participant: 'participant_key', viewer: 'viewer_key' } as const;

/** Statements of removals and link rotation, kept apart from the document and workshop ones. */
function prepareAccess(db: Database.Database) {
  return {
    insertRemoval: db.prepare('INSERT OR IGNORE INTO participant_removals (participant_id, workshop_id, removed_at, removed_by) VALUES (?, ?, ?, ?)'),
    removals: db.prepare<[], { participant_id: string }>('SELECT participant_id FROM participant_removals'),
    setKey: {
      facilitator_key: db.prepare('UPDATE workshops SET facilitator_key = ? WHERE id = ?'),
      participant_key: db.prepare('UPDATE workshops SET participant_key = ? WHERE id = ?'),
      viewer_key: db.prepare('UPDATE workshops SET viewer_key = ? WHERE id = ?'),
    },
  };
}

export interface SqliteOptions {
  /** How long a statement waits for another process's lock; it blocks the event loop, so keep it to milliseconds. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the SQLite store in WAL mode and checks it is intact. */
export function openSqliteStore(file: string, opts: SqliteOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // Opening may wait as long as it needs: nothing is served yet.
  const db = new Database(file);
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    db.close();
    throw new QuickCheckError(`store ${file} failed its integrity check: ${String(check)}`);
  }
  db.pragma('journal_mode = WAL');
  // FULL: a committed append survives power loss, not only a process crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5))}`);

  const q = {
    snapshot: db.prepare<[string], { data: Buffer }>('SELECT data FROM doc_snapshots WHERE room = ?'),
    updates: db.prepare<[string], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = ? ORDER BY seq'),
    maxSeq: db.prepare<[string], { m: number | null }>('SELECT MAX(seq) AS m FROM doc_updates WHERE room = ?'),
    insertUpdate: db.prepare('INSERT INTO doc_updates (room, seq, data) VALUES (?, ?, ?)'),
    putSnapshot: db.prepare('INSERT OR REPLACE INTO doc_snapshots (room, data, updated_at) VALUES (?, ?, ?)'),
    deleteAll: db.prepare('DELETE FROM doc_updates WHERE room = ?'),
    roomsLike: db.prepare<[string, string], { room: string }>(
      "SELECT room FROM doc_snapshots WHERE room LIKE ? ESCAPE '\\' UNION SELECT DISTINCT room FROM doc_updates WHERE room LIKE ? ESCAPE '\\'",
    ),
    insertWorkshop: db.prepare(
      'INSERT INTO workshops (id, title, created_at, facilitator_key, participant_key, viewer_key) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    workshop: db.prepare<[string], { id: string; title: string; created_at: number; facilitator_key: string; participant_key: string; viewer_key: string }>(
      'SELECT * FROM workshops WHERE id = ?',
    ),
    insertParticipant: db.prepare('INSERT INTO participants (id, workshop_id, name, role, joined_at) VALUES (?, ?, ?, ?, ?)'),
    participant: db.prepare<[string], { id: string; workshop_id: string; name: string; role: string; joined_at: number }>(
      'SELECT * FROM participants WHERE id = ?',
    ),
    participants: db.prepare<[string], { id: string; workshop_id: string; name: string; role: string; joined_at: number }>(
      'SELECT * FROM participants WHERE workshop_id = ? ORDER BY joined_at',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  };
  const access = prepareAccess(db);

  // Next sequence number per room, cached so appends need no read.
  const nextSeq = new Map<string, number>();
  const seqFor = (room: string) => {
    let seq = nextSeq.get(room);
    if (seq === undefined) seq = (q.maxSeq.get(room)?.m ?? 0) + 1;
    nextSeq.set(room, seq + 1);
    return seq;
  };

  const append = db.transaction((entries: StoredUpdate[]) => {
    for (const e of entries) q.insertUpdate.run(e.room, seqFor(e.room), e.update);
  });

  // The write-ahead log, opened once the first append has created it; fsync on it makes appends durable.
  let walFd: number | null = null;
  const wal = () => (walFd ??= openSync(`${file}-wal`, 'r'));

  const compact = db.transaction((room: string, snapshot: Uint8Array) => {
    q.putSnapshot.run(room, snapshot, Date.now());
    q.deleteAll.run(room);
  });

  const toParticipant = (r: { id: string; workshop_id: string; name: string; role: string; joined_at: number }): ParticipantRecord | null =>
    isRole(r.role) ? { id: r.id, workshopId: r.workshop_id, name: r.name, role: r.role, joinedAt: r.joined_at } : null;

  return {
    db,
    loadDoc(room) {
      const updates: Uint8Array[] = [];
      const snap = q.snapshot.get(room);
      if (snap) updates.push(new Uint8Array(snap.data));
      const rows = q.updates.all(room);
      for (const r of rows) updates.push(new Uint8Array(r.data));
      return { updates, logLength: rows.length };
    },
    appendUpdates(entries) {
      if (entries.length > 0) append(entries);
    },
    appendUpdatesUnsynced(entries) {
      if (entries.length === 0) return;
      // NORMAL for this one commit: the log is written but not waited for; syncLog does that off the event loop.
      db.pragma('synchronous = NORMAL');
      try {
        append(entries);
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
    syncLog(done) {
      if (file === ':memory:') return queueMicrotask(() => done(null));
      fsync(wal(), (err) => done(err));
    },
    syncLogNow() {
      if (file !== ':memory:') fsyncSync(wal());
    },
    compact(room, snapshot) {
      compact(room, snapshot);
    },
    listRooms(prefix) {
      const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
      return q.roomsLike.all(like, like).map((r) => r.room);
    },
    createWorkshop(w: WorkshopRecord) {
      q.insertWorkshop.run(w.id, w.title, w.createdAt, w.keyHashes.facilitator, w.keyHashes.participant, w.keyHashes.viewer);
    },
    getWorkshop(id) {
      const r = q.workshop.get(id);
      if (!r) return null;
      return {
        id: r.id,
        title: r.title,
        createdAt: r.created_at,
        keyHashes: { facilitator: r.facilitator_key, participant: r.participant_key, viewer: r.viewer_key },
      };
    },
    addParticipant(p) {
      q.insertParticipant.run(p.id, p.workshopId, p.name, p.role, p.joinedAt);
    },
    getParticipant(id) {
      const r = q.participant.get(id);
      return r ? toParticipant(r) : null;
    },
    listParticipants(workshopId) {
      return q.participants.all(workshopId).flatMap((r) => toParticipant(r) ?? []);
    },
    removeParticipant(r) {
      access.insertRemoval.run(r.participantId, r.workshopId, r.removedAt, r.removedBy);
    },
    removedParticipantIds() {
      return access.removals.all().map((r) => r.participant_id);
    },
    setKeyHash(workshopId, role, hash) {
      const column = KEY_COLUMNS[role];
      access.setKey[column].run(hash, workshopId);
    },
    probeWrite() {
      // Not waited for on disk: the probe asks whether SQLite can write now, not whether a power cut would keep it.
      db.pragma('synchronous = NORMAL');
      try {
        q.setMeta.run('health-probe', String(Date.now()));
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
    getMeta(key) {
      return q.getMeta.get(key)?.value ?? null;
    },
    setMeta(key, value) {
      q.setMeta.run(key, value);
    },
    close() {
      if (walFd !== null) closeSync(walFd);
      walFd = null;
      if (db.open) db.close();
    },
  };
}
