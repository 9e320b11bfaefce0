import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { readSession, updateSession } from '@shared/schema/control';
import { SQLITE_FILE } from '../../server/config';
import { copyToPostgres } from '../../server/store/copy/copyToPostgres';
import { COPIED_TABLES } from '../../server/store/copy/tables';
import { targetDigest } from '../../server/store/copy/writePostgres';
import { openPostgresStore } from '../../server/store/postgresStore';
import { openSqliteEngine } from '../../server/store/sqliteEngine';
import { openSqliteStore } from '../../server/store/sqliteStore';
import type { AsyncStore } from '../../server/store/types';
import { connectRoom, until } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { pace } from '../helpers/waits';

// `npm run store:copy`: a SQLite store filled by the real server, copied into a fresh PostgreSQL
// database per test, then read back through the PostgreSQL store the server will serve from.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A new, empty database on the test cluster, dropped after the test. It sorts text as a
 * production database usually does (ICU, en-US), not in byte order like SQLite.
 */
async function freshDatabase(): Promise<string> {
  const url = new URL(inject('databaseUrl'));
  const name = `copy_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
  cleanups.push(() => admin(`DROP DATABASE ${name} WITH (FORCE)`));
  url.pathname = `/${name}`;
  return url.toString();
}

async function openTarget(url: string): Promise<AsyncStore> {
  const store = await openPostgresStore(url, { historyKeep: 0 });
  cleanups.push(() => store.close());
  return store;
}

async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Every copied table's row count and sha256, and where board_history's ids continue: what "the same target" means. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const out: Record<string, string> = {};
    for (const table of COPIED_TABLES) {
      const d = await targetDigest(client, table);
      out[table.name] = `${d.count} ${d.hex}`;
    }
    const seq = await client.query("SELECT pg_sequence_last_value(pg_get_serial_sequence('board_history', 'id')::regclass) AS v");
    out.board_history_id = String(seq.rows[0].v);
    await client.query('COMMIT');
    return out;
  } finally {
    await client.end();
  }
}

const docOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function post(server: TestServer, path: string, who: Joined | null, body?: unknown, method = 'POST') {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

interface FilledStore {
  dir: string;
  file: string;
  workshops: string[];
  w: CreatedWorkshop;
  vic: Joined;
}

/**
 * A store as a team leaves it: a workshop run with four people (notes, a vote, a removal, a
 * renewed link, version history), run again as a series, the server stopped; then what a
 * server writes between compactions (log rows without the counter) and rooms written through
 * the store seam (counter rows with a fold).
 */
async function fillStore(): Promise<FilledStore> {
  const dir = mkdtempSync(joinPath(tmpdir(), 'four-paths-copy-'));
  const file = joinPath(dir, SQLITE_FILE);
  const server = await startTestServer({ dataDir: dir });
  const stored = <T>(room: string, read: (doc: Y.Doc) => T) => server.server.deps.docs.readDoc(room, read);
  let w: CreatedWorkshop;
  let ana: Joined;
  let vic: Joined;
  let rerunId: string;
  try {
    w = await createWorkshop(server.url, 'Growing social at Acme');
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    vic = await join(server.url, w, 'viewer', 'Vic');
    const board = connectRoom(server, boardRoom(w.id), ana.token);
    const control = connectRoom(server, controlRoom(w.id), fay.token);
    try {
      await Promise.all([board.synced, control.synced]);
      const notes = ['Intranet wiki', 'Customer forum', 'Values week', 'Café talks'].map((text, i) =>
        createNote(board.doc, { text, x: -0.6 + i * 0.4, y: 0.5, authorId: ana.participantId }),
      );
      await until(async () => (await stored(boardRoom(w.id), (d) => readBoard(d).notes.length)) === 4, 'the notes to be stored');
      updateSession(control.doc, { phase: 'vote', voting: { perParticipant: 3, severalPerNote: true, totalsVisible: false } });
      await until(async () => (await stored(controlRoom(w.id), readSession)).phase === 'vote', 'the vote phase');
      for (const [who, note] of [[ana, notes[0]], [ana, notes[0]], [ana, notes[1]], [ben, notes[0]]] as const) {
        expect((await post(server, `/api/workshops/${w.id}/votes`, who, { noteId: note, delta: 1 })).status).toBe(200);
      }
      const history = async () => ((await (await post(server, `/api/workshops/${w.id}/history`, fay, undefined, 'GET')).json()) as { snapshots: Array<{ reason: string }> }).snapshots;
      await until(async () => (await history()).some((s) => s.reason === 'phase: vote'), 'a snapshot at the phase change');
      expect((await post(server, `/api/workshops/${w.id}/participants/${vic.participantId}`, fay, undefined, 'DELETE')).status).toBe(204);
      expect((await post(server, `/api/workshops/${w.id}/links/participant/rotate`, fay)).status).toBe(200);
      const again = await post(server, `/api/workshops/${w.id}/rerun`, fay, { title: 'Growing social at Acme, group 2', copyNotes: true });
      expect(again.status).toBe(201);
      rerunId = ((await again.json()) as { id: string }).id;
      // The health probe writes its mark into meta.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      board.destroy();
      control.destroy();
    }
  } finally {
    await server.close();
  }

  // Two notes logged as the rooms' pipeline logs them: update rows, no counter row.
  const sync = openSqliteStore(file);
  const board = docOf(sync.loadDoc(boardRoom(w.id)).updates);
  const logged: Uint8Array[] = [];
  board.on('update', (u: Uint8Array) => logged.push(u));
  createNote(board, { text: 'Late idea', x: 0.2, y: -0.4, authorId: ana.participantId });
  createNote(board, { text: 'Later idea', x: 0.3, y: -0.4, authorId: ana.participantId });
  sync.appendUpdates(logged.map((update) => ({ room: boardRoom(w.id), update })));
  sync.close();
  // The control room through the seam: counted, folded once, one update after the fold.
  const engine = openSqliteEngine(file, { historyKeep: 0 });
  const room = controlRoom(w.id);
  const control = docOf((await engine.loadDoc(room)).updates);
  const next = (patch: Parameters<typeof updateSession>[1]) => {
    const before = Y.encodeStateVector(control);
    updateSession(control, patch);
    return Y.encodeStateAsUpdate(control, before);
  };
  const [first] = await engine.appendUpdates([{ room, update: next({ follow: true }) }]);
  await engine.compact(room, Y.encodeStateAsUpdate(control), first!.seq);
  await engine.appendUpdates([{ room, update: next({ locked: true }) }]);
  await engine.setMeta('origin', 'acme');
  await engine.claimOnce(`advance:${w.id}:timer`);
  await engine.close();
  return { dir, file, workshops: [w.id, rerunId], w, vic };
}

/** Row counts per table as the copy should find them in SQLite. */
function sqliteCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
    const counts: Record<string, number> = {};
    for (const t of COPIED_TABLES) {
      if (t.name === 'doc_rooms') counts[t.name] = count('SELECT COUNT(*) AS n FROM (SELECT room FROM doc_rooms UNION SELECT room FROM doc_updates)');
      else counts[t.name] = count(`SELECT COUNT(*) AS n FROM ${t.name}${t.only ? ` WHERE ${t.only}` : ''}`);
    }
    return counts;
  } finally {
    db.close();
  }
}

/** What the server can observe of each workshop is the same through the SQLite and the PostgreSQL store. */
async function expectSameWorkshops(sqlite: AsyncStore, target: AsyncStore, workshops: string[]): Promise<void> {
  for (const id of workshops) {
    expect(await target.getWorkshop(id)).toEqual(await sqlite.getWorkshop(id));
    expect(await target.listParticipants(id)).toEqual(await sqlite.listParticipants(id));
    expect(await target.voteTotals(id)).toEqual(await sqlite.voteTotals(id));
    expect(await target.listSnapshots(id)).toEqual(await sqlite.listSnapshots(id));
    for (const s of await sqlite.listSnapshots(id)) expect(await target.snapshotData(id, s.id)).toEqual(await sqlite.snapshotData(id, s.id));
    expect(await target.inviteKeys(id)).toEqual(await sqlite.inviteKeys(id));
    expect(await target.joinCode(id)).toEqual(await sqlite.joinCode(id));
    expect(await target.seriesOf(id)).toEqual(await sqlite.seriesOf(id));
    const rooms = (await sqlite.listRooms(`${id}/`)).sort();
    expect((await target.listRooms(`${id}/`)).sort()).toEqual(rooms);
    for (const room of rooms) {
      const [a, b] = [await sqlite.loadDoc(room), await target.loadDoc(room)];
      expect({ room, seq: b.seq, logLength: b.logLength }).toEqual({ room, seq: a.seq, logLength: a.logLength });
      const [da, db] = [docOf(a.updates), docOf(b.updates)];
      expect(Y.encodeStateVector(db)).toEqual(Y.encodeStateVector(da));
      expect(readBoard(db).notes).toEqual(readBoard(da).notes);
      expect(readSession(db)).toEqual(readSession(da));
      expect(await target.loadClientIds(room)).toEqual(await sqlite.loadClientIds(room));
    }
  }
  expect((await target.removedParticipantIds()).sort()).toEqual((await sqlite.removedParticipantIds()).sort());
}

describe('copying a SQLite store into PostgreSQL', () => {
  let source: FilledStore;
  let sqlite: AsyncStore;
  beforeAll(async () => {
    source = await fillStore();
  });
  afterAll(() => rmSync(source.dir, { recursive: true, force: true }));
  // The SQLite engine, to compare with what it serves; opened once the copy has read the file.
  const openSource = () => {
    sqlite = openSqliteEngine(source.file, { historyKeep: 0 });
    cleanups.push(() => sqlite.close());
    return sqlite;
  };

  it('copies every table, so the PostgreSQL store serves the same workshops, boards, votes, history, keys and client ids', async () => {
    const url = await freshDatabase();
    const before = sha(source.file);
    const counts = sqliteCounts(source.file);
    const summary = await copyToPostgres(source.file, url);

    // Read-only: the store file is byte for byte as it was, and SQLite kept no write-ahead log of ours.
    expect(sha(source.file)).toBe(before);
    const wal = `${source.file}-wal`;
    if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
    expect(summary.tables.map((t) => t.table)).toEqual(COPIED_TABLES.map((t) => t.name));
    for (const t of summary.tables) expect({ table: t.table, copied: t.copied, alreadyThere: t.alreadyThere }).toEqual({ table: t.table, copied: counts[t.table], alreadyThere: 0 });
    for (const t of COPIED_TABLES) expect(counts[t.name], `${t.name} has rows to copy`).toBeGreaterThan(0);

    const target = await openTarget(url);
    await expectSameWorkshops(openSource(), target, source.workshops);
    expect(await target.getWorkshop(source.w.id)).toMatchObject({ title: 'Growing social at Acme' });
    expect(await target.listParticipants(source.w.id)).toHaveLength(4);
    expect(Object.fromEntries(await target.voteTotals(source.w.id))).toEqual(Object.fromEntries(await sqlite.voteTotals(source.w.id)));
    expect([...(await target.voteTotals(source.w.id)).values()].sort()).toEqual([1, 3]);
    expect(await target.removedParticipantIds()).toContain(source.vic.participantId);
    expect((await target.seriesMembers((await target.seriesOf(source.w.id))!)).sort()).toEqual([...source.workshops].sort());
    expect(readBoard(docOf((await target.loadDoc(boardRoom(source.w.id))).updates)).notes.map((n) => n.text)).toContain('Later idea');
    expect(await target.getMeta('origin')).toBe('acme');
    // Each store writes its own health mark; SQLite's is not carried over.
    expect(await sqlite.getMeta('health-probe')).not.toBeNull();
    expect(await target.getMeta('health-probe')).toBeNull();
  });

  it('continues every room’s sequence numbers and the history ids where SQLite stopped', async () => {
    const url = await freshDatabase();
    await copyToPostgres(source.file, url);
    const target = await openTarget(url);
    openSource();
    const board = boardRoom(source.w.id);
    const control = controlRoom(source.w.id);
    // Numbering goes on where the SQLite engine says each room stands (the board's last rows were logged without a counter).
    const boardSeq = (await sqlite.loadDoc(board)).seq;
    const controlSeq = (await sqlite.loadDoc(control)).seq;
    expect(boardSeq).toBeGreaterThan(0);
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    const appended = await target.appendUpdates([{ room: board, update }, { room: control, update }]);
    expect(appended.map((u) => [u.room, u.seq])).toEqual([[board, boardSeq + 1], [control, controlSeq + 1]]);
    const folded = (await sql<{ folded_seq: number }>(url, 'SELECT folded_seq::int FROM doc_rooms WHERE room = $1', [control]))[0]?.folded_seq;
    expect(folded).toBe(controlSeq - 1);
    // The folded updates stay folded: a catch-up after 0 starts after the fold.
    expect((await target.updatesSince(control, 0)).map((u) => u.seq)).toEqual([controlSeq, controlSeq + 1]);
    const highest = Math.max(...(await sqlite.listSnapshots(source.w.id)).map((s) => s.id), ...(await sqlite.listSnapshots(source.workshops[1]!)).map((s) => s.id));
    const saved = await target.addSnapshot(source.w.id, 'after the move', 0, update, Date.now());
    expect(saved.id).toBe(highest + 1);
  });

  it('finds nothing new on a second run and leaves the target as it was', async () => {
    const url = await freshDatabase();
    const first = await copyToPostgres(source.file, url);
    const after = await fingerprint(url);
    const second = await copyToPostgres(source.file, url);
    expect(second.copied).toBe(0);
    expect(second.tables.map((t) => [t.table, t.alreadyThere])).toEqual(first.tables.map((t) => [t.table, t.copied]));
    expect(await fingerprint(url)).toEqual(after);
  });

  it('stops at a row that differs in the target, names its table, and changes nothing', async () => {
    const url = await freshDatabase();
    await copyToPostgres(source.file, url);
    await sql(url, 'UPDATE workshops SET title = $1 WHERE id = $2', ['Renamed in PostgreSQL', source.w.id]);
    // meta comes before workshops: the run copies this row again before it meets the conflict, and must take it back.
    await sql(url, "DELETE FROM meta WHERE key = 'origin'");
    const before = await fingerprint(url);
    await expect(copyToPostgres(source.file, url)).rejects.toThrow(
      new RegExp(`^workshops: the target already has the row id "${source.w.id}" with different content \\(title\\); nothing was copied`),
    );
    expect(await fingerprint(url)).toEqual(before);
  });

  it('fails the check, naming the table, when the target holds rows the SQLite store does not have', async () => {
    const url = await freshDatabase();
    await copyToPostgres(source.file, url);
    const stranger = { id: 'p-not-in-sqlite', workshopId: source.w.id, name: 'Stranger', role: 'participant' as const, joinedAt: 1 };
    await (await openTarget(url)).addParticipant(stranger);
    const before = await fingerprint(url);
    await expect(copyToPostgres(source.file, url)).rejects.toThrow(/^participants: the target has 6 rows, the SQLite store 5: it holds rows this store does not have/);
    expect(await fingerprint(url)).toEqual(before);
  });

  it('runs as `npm run store:copy` with a per-table summary, "nothing new" the second time, and exit codes for usage and failures', async () => {
    const url = await freshDatabase();
    // Without --from it reads four-paths.sqlite in DATA_DIR, like the server.
    const copied = await runCli(['--to', url], { DATA_DIR: source.dir });
    expect(copied.output).toMatch(new RegExp(`copying ${source.file} into postgres://`));
    expect(copied.output).toMatch(/^workshops +2 +0$/m);
    expect(copied.output).toMatch(/^checked: every table/m);
    expect(copied.output).toMatch(/^copied \d+ rows$/m);
    expect(copied.code).toBe(0);
    const again = await runCli(['--from', source.file, '--to', url]);
    expect(again.output).toMatch(/^workshops +0 +2$/m);
    expect(again.output).toMatch(/nothing new/);
    expect(again.code).toBe(0);

    await sql(url, 'UPDATE workshops SET title = $1 WHERE id = $2', ['Renamed', source.w.id]);
    const conflict = await runCli(['--from', source.file, '--to', url]);
    expect(conflict.output).toMatch(/^store copy failed: workshops: the target already has the row/m);
    expect(conflict.code).toBe(1);

    for (const args of [[], ['--from', source.file], ['--to', 'mysql://x/y'], ['--to', url, 'extra'], ['--to', url, '--into', 'x']]) {
      const usage = await runCli(args);
      expect(usage.output).toMatch(/^usage: npm run store:copy -- --to postgres:\/\//);
      expect(usage.code).toBe(2);
    }
    const down = new URL(url);
    down.port = '1';
    down.password = 'hunter2';
    const unreachable = await runCli(['--from', source.file, '--to', down.toString()]);
    expect(unreachable.output).toMatch(/store copy failed: cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/copy_\w+: .*ECONNREFUSED/);
    expect(unreachable.output).not.toMatch(/hunter2/);
    expect(unreachable.code).toBe(1);
    const missing = await runCli(['--from', joinPath(source.dir, 'nothing-here.sqlite'), '--to', url]);
    expect(missing.output).toMatch(/store copy failed: no SQLite store at .*nothing-here\.sqlite/);
    expect(missing.code).toBe(1);
  });
});

/** `npm run store:copy -- …args`, as an operator runs it. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn('npm', ['run', '--silent', 'store:copy', '--', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('copying while the server serves from the SQLite store', () => {
  it('copies one consistent moment while people keep writing notes and new workshops keep opening', async () => {
    const server = await startTestServer({
      env: { RATE_CREATE_PER_MINUTE: '100000', RATE_JOIN_PER_MINUTE: '100000', COMPACT_EVERY: '1000000', ROOM_IDLE_MS: '600000' },
    });
    cleanups.push(() => server.close());
    const url = await freshDatabase();
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const board = connectRoom(server, boardRoom(w.id), ana.token);
    cleanups.push(() => board.destroy());
    await board.synced;
    // What is on disk, not what the server holds in memory: the copy can only see committed rows.
    const reader = new Database(joinPath(server.dataDir, SQLITE_FILE), { readonly: true });
    cleanups.push(() => reader.close());
    const countLogged = reader.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM doc_updates WHERE room = ?');
    const storedNotes = () => countLogged.get(boardRoom(w.id))!.n;

    let writing = true;
    let written = 0;
    const notes = (async () => {
      while (writing) {
        createNote(board.doc, { text: `note ${written++}`, x: 0, y: 0.5, authorId: ana.participantId });
        await pace(3);
      }
    })();
    const workshops = (async () => {
      while (writing) {
        const other = await createWorkshop(server.url, 'Opened during the copy');
        await join(server.url, other, 'facilitator', 'Fay');
        await join(server.url, other, 'participant', 'Ben');
      }
    })();
    try {
      await until(async () => storedNotes() >= 40, 'notes to be stored before the copy', 10_000);
      const atStart = { stored: storedNotes(), written };
      await copyToPostgres(joinPath(server.dataDir, SQLITE_FILE), url);
      const atEnd = written;
      expect(atEnd, 'notes were written while the copy ran').toBeGreaterThan(atStart.written);

      // The log and its counter are from one moment: the next sequence number follows the last logged update, with no gap.
      const rooms = await sql<{ room: string; last_seq: number; max_seq: number; n: number }>(
        url,
        'SELECT r.room, r.last_seq::int, MAX(u.seq)::int AS max_seq, COUNT(u.seq)::int AS n FROM doc_rooms r LEFT JOIN doc_updates u ON u.room = r.room GROUP BY r.room, r.last_seq',
      );
      expect(rooms.length).toBeGreaterThan(0);
      for (const r of rooms) expect(r).toEqual({ ...r, max_seq: r.last_seq, n: r.last_seq });
      // The board holds the notes up to one moment: the first k, nothing later, nothing missing.
      const target = await openTarget(url);
      const texts = readBoard(docOf((await target.loadDoc(boardRoom(w.id))).updates)).notes.map((n) => n.text);
      expect(texts.length).toBeGreaterThanOrEqual(atStart.stored);
      expect(new Set(texts)).toEqual(new Set(Array.from({ length: texts.length }, (_, i) => `note ${i}`)));
      expect(await target.getWorkshop(w.id)).toMatchObject({ id: w.id });
    } finally {
      writing = false;
      await Promise.all([notes, workshops]);
    }
  });
});
