import pg from 'pg';
import { isRole, type Role } from '@shared/roles';
import type { CastResult, MyVotes } from '../facilitation/voteBook';
import type { SnapshotInfo } from '../history/historyStore';
import type { AsyncStore, ParticipantRecord, SequencedUpdate, WorkshopRecord } from './types';

// The async seam over PostgreSQL: the same tables as SQLite, with the document log's sequence
// numbers taken from a per-room counter row inside the storing transaction, so they are gap-free
// and in commit order (the row lock makes a second writer of the room wait for the first's commit).

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at BIGINT NOT NULL,
  facilitator_key TEXT NOT NULL, participant_key TEXT NOT NULL, viewer_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshops(id),
  name TEXT NOT NULL, role TEXT NOT NULL, joined_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS participants_by_workshop ON participants(workshop_id);
CREATE TABLE IF NOT EXISTS votes (
  workshop_id TEXT NOT NULL, participant_id TEXT NOT NULL, note_id TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (workshop_id, participant_id, note_id)
);
CREATE TABLE IF NOT EXISTS participant_removals (
  participant_id TEXT PRIMARY KEY, workshop_id TEXT NOT NULL REFERENCES workshops(id),
  removed_at BIGINT NOT NULL, removed_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS doc_rooms (room TEXT PRIMARY KEY, last_seq BIGINT NOT NULL, folded_seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS doc_snapshots (room TEXT PRIMARY KEY, data BYTEA NOT NULL, updated_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS doc_updates (room TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (room, seq));
CREATE TABLE IF NOT EXISTS board_history (
  id BIGSERIAL PRIMARY KEY, workshop_id TEXT NOT NULL, created_at BIGINT NOT NULL,
  reason TEXT NOT NULL, note_count INTEGER NOT NULL, data BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS board_history_by_workshop ON board_history(workshop_id, id);
CREATE TABLE IF NOT EXISTS client_ids (
  room TEXT NOT NULL, client_id BIGINT NOT NULL, participant_id TEXT NOT NULL, bound_at BIGINT NOT NULL,
  PRIMARY KEY (room, client_id)
);
CREATE TABLE IF NOT EXISTS job_claims (key TEXT PRIMARY KEY, claimed_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS invite_keys (
  workshop_id TEXT NOT NULL REFERENCES workshops(id), role TEXT NOT NULL, sealed TEXT NOT NULL,
  PRIMARY KEY (workshop_id, role)
);
CREATE TABLE IF NOT EXISTS join_codes (
  workshop_id TEXT PRIMARY KEY REFERENCES workshops(id), code_hash TEXT NOT NULL UNIQUE, sealed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workshop_series (
  workshop_id TEXT PRIMARY KEY REFERENCES workshops(id), series_id TEXT NOT NULL, joined_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS workshop_series_by_series ON workshop_series(series_id, joined_at);
`;

/**
 * Appends a batch in one statement: bumps each room's counter (rooms in sorted order, so two
 * batches touching the same rooms take their row locks in the same order and cannot deadlock),
 * numbers the batch's updates after it in batch order, and stores the client-id bindings. The
 * counter row's lock makes a second writer of a room wait for the first's commit, so sequence
 * numbers are gap-free and in commit order. Answers each room's new last sequence number and how
 * many updates the batch gave it.
 */
const APPEND_SQL = `
WITH entries AS (
  SELECT e.room, e.data, e.ord FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS e(room, data, ord)
), counts AS (
  SELECT room, count(*)::int AS n FROM entries GROUP BY room
), bumped AS (
  INSERT INTO doc_rooms (room, last_seq, folded_seq) SELECT room, n, 0 FROM counts ORDER BY room
  ON CONFLICT (room) DO UPDATE SET last_seq = doc_rooms.last_seq + EXCLUDED.last_seq
  RETURNING room, last_seq
), stored AS (
  INSERT INTO doc_updates (room, seq, data)
  SELECT e.room, b.last_seq - c.n + row_number() OVER (PARTITION BY e.room ORDER BY e.ord), e.data
  FROM entries e JOIN bumped b USING (room) JOIN counts c USING (room)
), bound AS (
  INSERT INTO client_ids (room, client_id, participant_id, bound_at)
  SELECT r, c, p, $6 FROM unnest($3::text[], $4::bigint[], $5::text[]) AS b(r, c, p) ON CONFLICT DO NOTHING
)
SELECT b.room, b.last_seq, c.n FROM bumped b JOIN counts c USING (room)`;

// BIGINT columns hold millisecond times and counters, all far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

type Tx = pg.PoolClient;

const KEY_COLUMNS = { facilitator: 'facilitator_key', participant: 'participant_key', viewer: 'viewer_key' } as const;

interface ParticipantRow {
  id: string;
  workshop_id: string;
  name: string;
  role: string;
  joined_at: number;
}
const toParticipant = (r: ParticipantRow): ParticipantRecord | null =>
  isRole(r.role) ? { id: r.id, workshopId: r.workshop_id, name: r.name, role: r.role, joinedAt: r.joined_at } : null;

interface PostgresOptions {
  /** Board versions kept per workshop (0: all). */
  historyKeep: number;
  /** Connections in the pool. */
  poolSize?: number;
}

/** Connects, creates the tables if needed and returns the store. */
export async function openPostgresStore(url: string, opts: PostgresOptions): Promise<AsyncStore> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types });
  // An idle connection that dies (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Two instances starting at once must not race on CREATE TABLE IF NOT EXISTS.
  await transaction(pool, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(4242001)');
    await tx.query(SCHEMA);
  });

  const one = async <R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R | null> =>
    (await pool.query<R>(sql, params)).rows[0] ?? null;
  const all = async <R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> => (await pool.query<R>(sql, params)).rows;

  const myVotes = async (c: Tx | pg.Pool, w: string, p: string): Promise<MyVotes> => {
    const notes: Record<string, number> = {};
    let spent = 0;
    const rows = await c.query<{ note_id: string; count: number }>(
      'SELECT note_id, count FROM votes WHERE workshop_id = $1 AND participant_id = $2 AND count > 0',
      [w, p],
    );
    for (const r of rows.rows) {
      notes[r.note_id] = r.count;
      spent += r.count;
    }
    return { spent, notes };
  };

  return {
    engine: 'postgres',
    loadDoc: (room) =>
      // REPEATABLE READ: the snapshot, the log and the counter are read from one moment.
      transaction(pool, async (tx) => {
        const snap = await tx.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE room = $1', [room]);
        const rows = await tx.query<{ data: Buffer }>('SELECT data FROM doc_updates WHERE room = $1 ORDER BY seq', [room]);
        const counter = await tx.query<{ last_seq: number }>('SELECT last_seq FROM doc_rooms WHERE room = $1', [room]);
        const updates = [...snap.rows, ...rows.rows].map((r) => new Uint8Array(r.data));
        return { updates, logLength: rows.rows.length, seq: counter.rows[0]?.last_seq ?? 0 };
      }, 'REPEATABLE READ READ ONLY'),
    async appendUpdates(entries, bindings = []) {
      if (entries.length === 0 && bindings.length === 0) return [];
      // One statement, so one round trip and its own transaction: the batch's latency is one commit, not five awaits on a busy loop.
      const rows = await all<{ room: string; last_seq: number; n: number }>(APPEND_SQL, [
        entries.map((e) => e.room),
        entries.map((e) => Buffer.from(e.update.buffer, e.update.byteOffset, e.update.byteLength)),
        bindings.map((b) => b.room),
        bindings.map((b) => b.clientId),
        bindings.map((b) => b.participantId),
        Date.now(),
      ]);
      const next = new Map(rows.map((r) => [r.room, r.last_seq - r.n + 1]));
      return entries.map((e): SequencedUpdate => {
        const seq = next.get(e.room)!;
        next.set(e.room, seq + 1);
        return { room: e.room, seq, update: e.update };
      });
    },
    updatesSince: async (room, seq) =>
      (await all<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, seq])).map((r) => ({
        room,
        seq: r.seq,
        update: new Uint8Array(r.data),
      })),
    catchUp: (room, seq) =>
      transaction(pool, async (tx) => {
        const counter = await tx.query<{ folded_seq: number }>('SELECT folded_seq FROM doc_rooms WHERE room = $1', [room]);
        const folded = counter.rows[0]?.folded_seq ?? 0;
        const snap = seq < folded ? await tx.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE room = $1', [room]) : null;
        const rows = await tx.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, seq]);
        const data = snap?.rows[0]?.data;
        return { snapshot: data ? new Uint8Array(data) : null, updates: rows.rows.map((r) => ({ room, seq: r.seq, update: new Uint8Array(r.data) })) };
      }, 'REPEATABLE READ READ ONLY'),
    claimOnce: async (key) =>
      ((await pool.query('INSERT INTO job_claims (key, claimed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [key, Date.now()])).rowCount ?? 0) === 1,
    compact: (room, snapshot, upToSeq) =>
      transaction(pool, async (tx) => {
        const counter = await tx.query<{ last_seq: number; folded_seq: number }>('SELECT last_seq, folded_seq FROM doc_rooms WHERE room = $1 FOR UPDATE', [room]);
        const last = counter.rows[0]?.last_seq ?? 0;
        if (counter.rows[0] && upToSeq <= counter.rows[0].folded_seq) return;
        if (upToSeq > last) throw new RangeError(`room ${room} has no update ${upToSeq} to fold (last is ${last})`);
        await tx.query(
          `INSERT INTO doc_snapshots (room, data, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (room) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
          [room, Buffer.from(snapshot), Date.now()],
        );
        await tx.query('DELETE FROM doc_updates WHERE room = $1 AND seq <= $2', [room, upToSeq]);
        await tx.query('UPDATE doc_rooms SET folded_seq = GREATEST(folded_seq, $2) WHERE room = $1', [room, upToSeq]);
      }),
    async listRooms(prefix) {
      const like = prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
      const rows = await all<{ room: string }>(
        "SELECT room FROM doc_snapshots WHERE room LIKE $1 ESCAPE '\\' UNION SELECT DISTINCT room FROM doc_updates WHERE room LIKE $1 ESCAPE '\\'",
        [like],
      );
      return rows.map((r) => r.room);
    },
    async createWorkshop(w: WorkshopRecord) {
      await pool.query(
        'INSERT INTO workshops (id, title, created_at, facilitator_key, participant_key, viewer_key) VALUES ($1, $2, $3, $4, $5, $6)',
        [w.id, w.title, w.createdAt, w.keyHashes.facilitator, w.keyHashes.participant, w.keyHashes.viewer],
      );
    },
    async getWorkshop(id) {
      const r = await one<{ id: string; title: string; created_at: number; facilitator_key: string; participant_key: string; viewer_key: string }>(
        'SELECT * FROM workshops WHERE id = $1',
        [id],
      );
      if (!r) return null;
      return { id: r.id, title: r.title, createdAt: r.created_at, keyHashes: { facilitator: r.facilitator_key, participant: r.participant_key, viewer: r.viewer_key } };
    },
    async addParticipant(p) {
      await pool.query('INSERT INTO participants (id, workshop_id, name, role, joined_at) VALUES ($1, $2, $3, $4, $5)', [p.id, p.workshopId, p.name, p.role, p.joinedAt]);
    },
    async getParticipant(id) {
      const r = await one<ParticipantRow>('SELECT * FROM participants WHERE id = $1', [id]);
      return r ? toParticipant(r) : null;
    },
    listParticipants: async (workshopId) =>
      (await all<ParticipantRow>('SELECT * FROM participants WHERE workshop_id = $1 ORDER BY joined_at, id', [workshopId])).flatMap((r) => toParticipant(r) ?? []),
    async removeParticipant(r) {
      await pool.query(
        'INSERT INTO participant_removals (participant_id, workshop_id, removed_at, removed_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [r.participantId, r.workshopId, r.removedAt, r.removedBy],
      );
    },
    removedParticipantIds: async () => (await all<{ participant_id: string }>('SELECT participant_id FROM participant_removals', [])).map((r) => r.participant_id),
    async setKeyHash(workshopId, role: Role, hash) {
      await pool.query(`UPDATE workshops SET ${KEY_COLUMNS[role]} = $1 WHERE id = $2`, [hash, workshopId]);
    },
    castVote: (w, p, noteId, delta, rules) =>
      transaction(pool, async (tx): Promise<CastResult> => {
        // One participant's casts queue behind each other, on any instance: the budget read and the count cannot interleave.
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`vote:${w}:${p}`]);
        const spent = (await tx.query<{ n: number | null }>('SELECT SUM(count)::int AS n FROM votes WHERE workshop_id = $1 AND participant_id = $2', [w, p])).rows[0]?.n ?? 0;
        const onNote =
          (await tx.query<{ count: number }>('SELECT count FROM votes WHERE workshop_id = $1 AND participant_id = $2 AND note_id = $3', [w, p, noteId])).rows[0]?.count ?? 0;
        if (delta === 1) {
          if (spent >= rules.perParticipant) return { ok: false, problem: `all ${rules.perParticipant} votes are spent; take one back first` };
          if (!rules.severalPerNote && onNote >= 1) return { ok: false, problem: 'one vote per note in this workshop' };
          await tx.query(
            `INSERT INTO votes (workshop_id, participant_id, note_id, count) VALUES ($1, $2, $3, 1)
             ON CONFLICT (workshop_id, participant_id, note_id) DO UPDATE SET count = votes.count + 1`,
            [w, p, noteId],
          );
        } else {
          if (onNote <= 0) return { ok: false, problem: 'there is no vote on this note to take back' };
          await tx.query('UPDATE votes SET count = count - 1 WHERE workshop_id = $1 AND participant_id = $2 AND note_id = $3', [w, p, noteId]);
          await tx.query('DELETE FROM votes WHERE workshop_id = $1 AND participant_id = $2 AND note_id = $3 AND count <= 0', [w, p, noteId]);
        }
        return { ok: true, mine: await myVotes(tx, w, p) };
      }),
    myVotes: (w, p) => myVotes(pool, w, p),
    voterCount: async (w) => (await one<{ n: number }>('SELECT COUNT(DISTINCT participant_id)::int AS n FROM votes WHERE workshop_id = $1 AND count > 0', [w]))?.n ?? 0,
    voteTotalFor: async (w, n) => (await one<{ t: number | null }>('SELECT SUM(count)::int AS t FROM votes WHERE workshop_id = $1 AND note_id = $2', [w, n]))?.t ?? 0,
    voteTotals: async (w) =>
      new Map(
        (await all<{ note_id: string; total: number }>('SELECT note_id, SUM(count)::int AS total FROM votes WHERE workshop_id = $1 GROUP BY note_id HAVING SUM(count) > 0', [w])).map(
          (r) => [r.note_id, r.total],
        ),
      ),
    votesCast: async (w) =>
      (await all<{ participant_id: string; note_id: string; count: number }>('SELECT participant_id, note_id, count FROM votes WHERE workshop_id = $1 AND count > 0', [w])).map(
        (r) => ({ participantId: r.participant_id, noteId: r.note_id, count: r.count }),
      ),
    addSnapshot: (w, reason, noteCount, data, createdAt) =>
      transaction(pool, async (tx): Promise<SnapshotInfo> => {
        const r = await tx.query<{ id: number }>(
          'INSERT INTO board_history (workshop_id, created_at, reason, note_count, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [w, createdAt, reason, noteCount, Buffer.from(data)],
        );
        if (opts.historyKeep > 0) {
          await tx.query(
            'DELETE FROM board_history WHERE workshop_id = $1 AND id NOT IN (SELECT id FROM board_history WHERE workshop_id = $1 ORDER BY id DESC LIMIT $2)',
            [w, opts.historyKeep],
          );
        }
        return { id: r.rows[0]!.id, createdAt, reason, noteCount };
      }),
    listSnapshots: async (w) =>
      (await all<{ id: number; created_at: number; reason: string; note_count: number }>(
        'SELECT id, created_at, reason, note_count FROM board_history WHERE workshop_id = $1 ORDER BY id DESC',
        [w],
      )).map((r) => ({ id: r.id, createdAt: r.created_at, reason: r.reason, noteCount: r.note_count })),
    async snapshotData(w, id) {
      const r = await one<{ data: Buffer }>('SELECT data FROM board_history WHERE workshop_id = $1 AND id = $2', [w, id]);
      return r ? new Uint8Array(r.data) : null;
    },
    latestSnapshotAt: async (w) => (await one<{ at: number | null }>('SELECT MAX(created_at) AS at FROM board_history WHERE workshop_id = $1', [w]))?.at ?? null,
    loadClientIds: async (room) =>
      new Map((await all<{ client_id: number; participant_id: string }>('SELECT client_id, participant_id FROM client_ids WHERE room = $1', [room])).map((r) => [r.client_id, r.participant_id])),
    async bindClientIds(room, bindings) {
      if (bindings.length === 0) return;
      await pool.query(
        `INSERT INTO client_ids (room, client_id, participant_id, bound_at)
         SELECT $1, c, p, $4 FROM unnest($2::bigint[], $3::text[]) AS b(c, p) ON CONFLICT DO NOTHING`,
        [room, bindings.map((b) => b.clientId), bindings.map((b) => b.participantId), Date.now()],
      );
    },
    async saveInviteKey(w, role, sealed) {
      await pool.query(
        'INSERT INTO invite_keys (workshop_id, role, sealed) VALUES ($1, $2, $3) ON CONFLICT (workshop_id, role) DO UPDATE SET sealed = excluded.sealed',
        [w, role, sealed],
      );
    },
    async inviteKeys(w) {
      const found: Partial<Record<Role, string>> = {};
      for (const r of await all<{ role: string; sealed: string }>('SELECT role, sealed FROM invite_keys WHERE workshop_id = $1', [w])) if (isRole(r.role)) found[r.role] = r.sealed;
      return found;
    },
    async saveJoinCode(w, codeHash, sealed) {
      // Like SQLite's OR REPLACE: a new code replaces the workshop's old one.
      await transaction(pool, async (tx) => {
        await tx.query('DELETE FROM join_codes WHERE workshop_id = $1 OR code_hash = $2', [w, codeHash]);
        await tx.query('INSERT INTO join_codes (workshop_id, code_hash, sealed) VALUES ($1, $2, $3)', [w, codeHash, sealed]);
      });
    },
    joinCode: async (w) => (await one<{ sealed: string }>('SELECT sealed FROM join_codes WHERE workshop_id = $1', [w]))?.sealed ?? null,
    workshopForCodeHash: async (h) => (await one<{ workshop_id: string }>('SELECT workshop_id FROM join_codes WHERE code_hash = $1', [h]))?.workshop_id ?? null,
    seriesOf: async (w) => (await one<{ series_id: string }>('SELECT series_id FROM workshop_series WHERE workshop_id = $1', [w]))?.series_id ?? null,
    seriesMembers: async (s) =>
      (await all<{ workshop_id: string }>('SELECT workshop_id FROM workshop_series WHERE series_id = $1 ORDER BY joined_at, workshop_id', [s])).map((r) => r.workshop_id),
    async joinSeries(s, w, at) {
      await pool.query('INSERT INTO workshop_series (workshop_id, series_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [w, s, at]);
    },
    getMeta: async (key) => (await one<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))?.value ?? null,
    async setMeta(key, value) {
      await pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
    },
    async probeWrite() {
      await pool.query("INSERT INTO meta (key, value) VALUES ('health-probe', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(Date.now())]);
    },
    close: () => pool.end(),
  };
}

async function transaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, mode = 'READ COMMITTED'): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query(`BEGIN ISOLATION LEVEL ${mode}`);
    const result = await fn(tx);
    await tx.query('COMMIT');
    return result;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    tx.release();
  }
}
