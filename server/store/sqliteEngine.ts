import { closeSync, fsync, openSync } from 'node:fs';
import { isRole, type Role } from '@shared/roles';
import { VoteBook } from '../facilitation/voteBook';
import { openHistoryStore } from '../history/historyStore';
import { openClientIdStore } from '../rooms/admission/clientIdStore';
import { openSeriesStore } from './seriesStore';
import { openSqliteStore, type SqliteOptions } from './sqliteStore';
import type { AsyncStore, RoomClientIdBinding, SequencedUpdate, Store, StoredUpdate } from './types';

// The async seam over SQLite: the same file and tables as today, plus a per-room counter so
// sequence numbers keep counting across compactions.

const SCHEMA = `
CREATE TABLE IF NOT EXISTS doc_rooms (room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, folded_seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS job_claims (key TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS invite_keys (
  workshop_id TEXT NOT NULL REFERENCES workshops(id), role TEXT NOT NULL, sealed TEXT NOT NULL,
  PRIMARY KEY (workshop_id, role)
);
CREATE TABLE IF NOT EXISTS join_codes (
  workshop_id TEXT PRIMARY KEY REFERENCES workshops(id), code_hash TEXT NOT NULL UNIQUE, sealed TEXT NOT NULL
);
`;

interface SqliteEngineOptions extends SqliteOptions {
  /** Board versions kept per workshop (0: all). */
  historyKeep: number;
}

/** The SQLite engine also hands out its handle, for the backup command and for tests that make the disk fail. */
export type SqliteEngine = AsyncStore & { readonly db: Store['db'] };

export function openSqliteEngine(file: string, opts: SqliteEngineOptions): SqliteEngine {
  return sqliteEngine(openSqliteStore(file, opts), file, opts.historyKeep);
}

/** The async seam over an open SQLite store (the server shares one handle while features move over). */
export function sqliteEngine(store: Store, file: string, historyKeep: number): SqliteEngine {
  const { db } = store;
  db.exec(SCHEMA);
  const votes = new VoteBook(db);
  const history = openHistoryStore(db, historyKeep);
  const clientIds = openClientIdStore(db);
  const series = openSeriesStore(db);
  const q = {
    room: db.prepare<[string], { last_seq: number; folded_seq: number }>('SELECT last_seq, folded_seq FROM doc_rooms WHERE room = ?'),
    maxSeq: db.prepare<[string], { m: number | null }>('SELECT MAX(seq) AS m FROM doc_updates WHERE room = ?'),
    putRoom: db.prepare('INSERT OR REPLACE INTO doc_rooms (room, last_seq, folded_seq) VALUES (?, ?, ?)'),
    insertUpdate: db.prepare('INSERT INTO doc_updates (room, seq, data) VALUES (?, ?, ?)'),
    snapshot: db.prepare<[string], { data: Buffer }>('SELECT data FROM doc_snapshots WHERE room = ?'),
    since: db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = ? AND seq > ? ORDER BY seq'),
    putSnapshot: db.prepare('INSERT OR REPLACE INTO doc_snapshots (room, data, updated_at) VALUES (?, ?, ?)'),
    fold: db.prepare('DELETE FROM doc_updates WHERE room = ? AND seq <= ?'),
    votesCast: db.prepare<[string], { participant_id: string; note_id: string; count: number }>(
      'SELECT participant_id, note_id, count FROM votes WHERE workshop_id = ? AND count > 0',
    ),
    putKey: db.prepare('INSERT OR REPLACE INTO invite_keys (workshop_id, role, sealed) VALUES (?, ?, ?)'),
    keys: db.prepare<[string], { role: string; sealed: string }>('SELECT role, sealed FROM invite_keys WHERE workshop_id = ?'),
    putCode: db.prepare('INSERT OR REPLACE INTO join_codes (workshop_id, code_hash, sealed) VALUES (?, ?, ?)'),
    code: db.prepare<[string], { sealed: string }>('SELECT sealed FROM join_codes WHERE workshop_id = ?'),
    claim: db.prepare('INSERT OR IGNORE INTO job_claims (key, claimed_at) VALUES (?, ?)'),
    byHash: db.prepare<[string], { workshop_id: string }>('SELECT workshop_id FROM join_codes WHERE code_hash = ?'),
  };

  // A store written before the counter existed continues after its highest logged update.
  const roomState = (room: string) => {
    const row = q.room.get(room);
    const logged = q.maxSeq.get(room)?.m ?? 0;
    return { last: Math.max(row?.last_seq ?? 0, logged), folded: row?.folded_seq ?? 0 };
  };

  const append = db.transaction((entries: StoredUpdate[], bindings: readonly RoomClientIdBinding[]) => {
    for (const b of bindings) clientIds.bind(b.room, b.clientId, b.participantId);
    const states = new Map<string, { last: number; folded: number }>();
    const out: SequencedUpdate[] = [];
    for (const e of entries) {
      let state = states.get(e.room);
      if (!state) states.set(e.room, (state = roomState(e.room)));
      state.last++;
      q.insertUpdate.run(e.room, state.last, e.update);
      out.push({ room: e.room, seq: state.last, update: e.update });
    }
    for (const [room, s] of states) q.putRoom.run(room, s.last, s.folded);
    return out;
  });

  const compact = db.transaction((room: string, snapshot: Uint8Array, upToSeq: number) => {
    const state = roomState(room);
    if (upToSeq <= state.folded && q.snapshot.get(room)) return;
    if (upToSeq > state.last) throw new RangeError(`room ${room} has no update ${upToSeq} to fold (last is ${state.last})`);
    q.putSnapshot.run(room, snapshot, Date.now());
    q.fold.run(room, upToSeq);
    q.putRoom.run(room, state.last, Math.max(state.folded, upToSeq));
  });

  // Appends commit without waiting for the disk, then the write-ahead log is flushed on the thread pool.
  let walFd: number | null = null;
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      if (file === ':memory:') return resolve();
      walFd ??= openSync(`${file}-wal`, 'r');
      fsync(walFd, (err) => (err ? reject(err) : resolve()));
    });

  const run = async <T>(fn: () => T): Promise<T> => fn();

  return {
    engine: 'sqlite',
    db,
    loadDoc: (room) =>
      run(() => {
        const read = db.transaction(() => {
          const updates: Uint8Array[] = [];
          const snap = q.snapshot.get(room);
          if (snap) updates.push(new Uint8Array(snap.data));
          const rows = q.since.all(room, 0);
          for (const r of rows) updates.push(new Uint8Array(r.data));
          return { updates, logLength: rows.length, seq: roomState(room).last };
        });
        return read();
      }),
    async appendUpdates(entries, bindings = []) {
      if (entries.length === 0 && bindings.length === 0) return [];
      db.pragma('synchronous = NORMAL');
      let out: SequencedUpdate[];
      try {
        out = append(entries, bindings);
      } finally {
        db.pragma('synchronous = FULL');
      }
      await flush();
      return out;
    },
    updatesSince: (room, seq) => run(() => q.since.all(room, seq).map((r) => ({ room, seq: r.seq, update: new Uint8Array(r.data) }))),
    catchUp: (room, seq) =>
      run(() =>
        db.transaction(() => {
          const { folded } = roomState(room);
          const snap = seq < folded ? q.snapshot.get(room) : undefined;
          const updates = q.since.all(room, seq).map((r) => ({ room, seq: r.seq, update: new Uint8Array(r.data) }));
          return { snapshot: snap ? new Uint8Array(snap.data) : null, updates };
        })(),
      ),
    claimOnce: (key) => run(() => q.claim.run(key, Date.now()).changes === 1),
    compact: (room, snapshot, upToSeq) => run(() => compact(room, snapshot, upToSeq)),
    listRooms: (prefix) => run(() => store.listRooms(prefix)),
    createWorkshop: (w) => run(() => store.createWorkshop(w)),
    getWorkshop: (id) => run(() => store.getWorkshop(id)),
    addParticipant: (p) => run(() => store.addParticipant(p)),
    getParticipant: (id) => run(() => store.getParticipant(id)),
    listParticipants: (id) => run(() => store.listParticipants(id)),
    removeParticipant: (r) => run(() => store.removeParticipant(r)),
    removedParticipantIds: () => run(() => store.removedParticipantIds()),
    setKeyHash: (id, role, hash) => run(() => store.setKeyHash(id, role, hash)),
    castVote: (w, p, n, delta, rules) => run(() => votes.cast(w, p, n, delta, rules)),
    myVotes: (w, p) => run(() => votes.mine(w, p)),
    voterCount: (w) => run(() => votes.voterCount(w)),
    voteTotalFor: (w, n) => run(() => votes.totalFor(w, n)),
    voteTotals: (w) => run(() => votes.totals(w)),
    votesCast: (w) => run(() => q.votesCast.all(w).map((r) => ({ participantId: r.participant_id, noteId: r.note_id, count: r.count }))),
    addSnapshot: (w, reason, noteCount, data, createdAt) => run(() => history.add(w, reason, noteCount, data, createdAt)),
    listSnapshots: (w) => run(() => history.list(w)),
    snapshotData: (w, id) => run(() => history.data(w, id)),
    latestSnapshotAt: (w) => run(() => history.latestAt(w)),
    loadClientIds: (room) => run(() => clientIds.load(room)),
    bindClientIds: (room, bindings) =>
      run(() => {
        const bindAll = db.transaction(() => {
          for (const b of bindings) clientIds.bind(room, b.clientId, b.participantId);
        });
        bindAll();
      }),
    saveInviteKey: (w, role, sealed) => run(() => void q.putKey.run(w, role, sealed)),
    inviteKeys: (w) =>
      run(() => {
        const found: Partial<Record<Role, string>> = {};
        for (const r of q.keys.all(w)) if (isRole(r.role)) found[r.role] = r.sealed;
        return found;
      }),
    saveJoinCode: (w, codeHash, sealed) => run(() => void q.putCode.run(w, codeHash, sealed)),
    joinCode: (w) => run(() => q.code.get(w)?.sealed ?? null),
    workshopForCodeHash: (h) => run(() => q.byHash.get(h)?.workshop_id ?? null),
    seriesOf: (w) => run(() => series.seriesOf(w)),
    seriesMembers: (s) => run(() => series.members(s)),
    joinSeries: (s, w, at) => run(() => series.join(s, w, at)),
    getMeta: (key) => run(() => store.getMeta(key)),
    setMeta: (key, value) => run(() => store.setMeta(key, value)),
    probeWrite: () => run(() => store.probeWrite()),
    close: () =>
      run(() => {
        if (walFd !== null) closeSync(walFd);
        walFd = null;
        store.close();
      }),
  };
}
