import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import * as Y from 'yjs';
import { loadConfig, SQLITE_FILE } from '../../server/config';
import { openPostgresStore } from '../../server/store/postgresStore';
import { openSqliteEngine } from '../../server/store/sqliteEngine';
import { isStoreUnavailable } from '../../server/store/storeHealth';
import type { AsyncStore } from '../../server/store/types';
import { freshDatabase } from '../helpers/pgDatabase';
import { startTestServer } from '../helpers/server';
import { createWorkshop } from '../helpers/workshop';

// One suite, both engines: what a feature can observe through the store must not depend on which one runs.

const HISTORY_KEEP = 3;
const rules = { perParticipant: 3, severalPerNote: true };

async function open(engine: 'sqlite' | 'postgres', dir: string): Promise<AsyncStore> {
  if (engine === 'sqlite') return openSqliteEngine(join(dir, 'store.sqlite'), { historyKeep: HISTORY_KEEP });
  return openPostgresStore(inject('databaseUrl'), { historyKeep: HISTORY_KEEP });
}

const noteUpdate = (id: string) => {
  const doc = new Y.Doc();
  doc.getMap('notes').set(id, id);
  return Y.encodeStateAsUpdate(doc);
};

const docOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
};

describe.each(['sqlite', 'postgres'] as const)('the %s store', (engine) => {
  let dir: string;
  let store: AsyncStore;
  const fresh = () => randomUUID().slice(0, 8);
  const workshop = async () => {
    const id = `w-${fresh()}`;
    await store.createWorkshop({ id, title: 'Retro', createdAt: 1_000, keyHashes: { facilitator: 'hf', participant: 'hp', viewer: 'hv' } });
    return id;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'four-paths-store-'));
    store = await open(engine, dir);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('catching up gives the updates after a sequence number, and the snapshot too once they were folded', async () => {
    const room = `room-${fresh()}`;
    await store.appendUpdates([1, 2, 3].map((i) => ({ room, update: noteUpdate(`n${i}`) })));
    expect((await store.catchUp(room, 1)).updates.map((u) => u.seq)).toEqual([2, 3]);
    expect((await store.catchUp(room, 1)).snapshot).toBeNull();
    await store.compact(room, Y.encodeStateAsUpdate(docOf((await store.loadDoc(room)).updates)), 2);
    const after = await store.catchUp(room, 1);
    expect(after.updates.map((u) => u.seq)).toEqual([3]);
    expect([...docOf([after.snapshot!]).getMap('notes').keys()].sort()).toEqual(['n1', 'n2', 'n3']);
  });

  test('a fold to an older sequence number than the last one changes nothing', async () => {
    const room = `room-${fresh()}`;
    await store.appendUpdates([1, 2].map((i) => ({ room, update: noteUpdate(`n${i}`) })));
    await store.compact(room, noteUpdate('folded-to-2'), 2);
    await store.compact(room, noteUpdate('stale-fold-to-1'), 1);
    expect([...docOf((await store.loadDoc(room)).updates).getMap('notes').keys()]).toEqual(['folded-to-2']);
  });

  test('a job key is claimed once, whoever asks again', async () => {
    const key = `advance:${fresh()}`;
    expect(await Promise.all([store.claimOnce(key), store.claimOnce(key), store.claimOnce(key)])).toEqual([true, false, false]);
  });

  test('client-id bindings given with an append are stored in the same transaction', async () => {
    const room = `room-${fresh()}`;
    await store.appendUpdates([{ room, update: noteUpdate('a') }], [{ room, clientId: 42, participantId: 'ana' }]);
    await store.appendUpdates([], [{ room, clientId: 42, participantId: 'mallory' }, { room, clientId: 43, participantId: 'ben' }]);
    expect(await store.loadClientIds(room)).toEqual(new Map([[42, 'ana'], [43, 'ben']]));
  });

  test('a room never written loads empty at sequence 0', async () => {
    expect(await store.loadDoc(`room-${fresh()}`)).toEqual({ updates: [], logLength: 0, seq: 0 });
  });

  test('appended updates get gap-free sequence numbers per room, in the order given', async () => {
    const a = `room-${fresh()}`;
    const b = `room-${fresh()}`;
    const first = await store.appendUpdates([
      { room: a, update: noteUpdate('1') },
      { room: b, update: noteUpdate('2') },
      { room: a, update: noteUpdate('3') },
    ]);
    expect(first.map((u) => [u.room, u.seq])).toEqual([[a, 1], [b, 1], [a, 2]]);
    const second = await store.appendUpdates([{ room: a, update: noteUpdate('4') }]);
    expect(second[0]!.seq).toBe(3);
    const loaded = await store.loadDoc(a);
    expect(loaded.seq).toBe(3);
    expect(loaded.logLength).toBe(3);
    expect([...docOf(loaded.updates).getMap('notes').keys()].sort()).toEqual(['1', '3', '4']);
    expect((await store.updatesSince(a, 1)).map((u) => u.seq)).toEqual([2, 3]);
  });

  test('concurrent appends to one room never share or skip a sequence number', async () => {
    const room = `room-${fresh()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendUpdates([{ room, update: noteUpdate(`n${i}`) }])));
    expect(results.flat().map((u) => u.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await store.updatesSince(room, 0)).map((u) => u.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  test('compaction folds the log up to a sequence number, keeps later updates and keeps counting', async () => {
    const room = `room-${fresh()}`;
    await store.appendUpdates([1, 2, 3].map((i) => ({ room, update: noteUpdate(`n${i}`) })));
    const folded = docOf((await store.loadDoc(room)).updates.slice(0, 2));
    await store.compact(room, Y.encodeStateAsUpdate(folded), 2);
    await store.appendUpdates([{ room, update: noteUpdate('n4') }]);
    const loaded = await store.loadDoc(room);
    expect(loaded.logLength).toBe(2);
    expect(loaded.seq).toBe(4);
    expect([...docOf(loaded.updates).getMap('notes').keys()].sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect((await store.updatesSince(room, 0)).map((u) => u.seq)).toEqual([3, 4]);
    await expect(store.compact(room, new Uint8Array(), 9)).rejects.toThrow(/no update 9/);
    expect([...docOf((await store.loadDoc(room)).updates).getMap('notes').keys()]).toHaveLength(4);
  });

  test('rooms are listed by prefix, with LIKE wildcards taken literally', async () => {
    const p = `pre_${fresh()}`;
    await store.appendUpdates([{ room: `${p}:a`, update: noteUpdate('x') }, { room: `${p}:b`, update: noteUpdate('y') }]);
    expect((await store.listRooms(p)).sort()).toEqual([`${p}:a`, `${p}:b`]);
    expect(await store.listRooms(`pre%${p.slice(4)}`)).toEqual([]);
  });

  test('workshops and participants read back as written, and a second workshop with the same id is refused', async () => {
    const id = await workshop();
    expect(await store.getWorkshop(id)).toEqual({ id, title: 'Retro', createdAt: 1_000, keyHashes: { facilitator: 'hf', participant: 'hp', viewer: 'hv' } });
    await expect(store.createWorkshop({ id, title: 'Again', createdAt: 2, keyHashes: { facilitator: 'a', participant: 'b', viewer: 'c' } })).rejects.toThrow();
    await store.addParticipant({ id: `p-${fresh()}`, workshopId: id, name: 'Ada', role: 'facilitator', joinedAt: 10 });
    await store.addParticipant({ id: `p-${fresh()}`, workshopId: id, name: 'Ben', role: 'participant', joinedAt: 20 });
    const people = await store.listParticipants(id);
    expect(people.map((p) => [p.name, p.role])).toEqual([['Ada', 'facilitator'], ['Ben', 'participant']]);
    expect(await store.getParticipant(people[1]!.id)).toEqual(people[1]);
    expect(await store.getParticipant('nobody')).toBeNull();
    await store.setKeyHash(id, 'viewer', 'rotated');
    expect((await store.getWorkshop(id))?.keyHashes.viewer).toBe('rotated');
  });

  test('a participant cannot join a workshop that does not exist', async () => {
    await expect(store.addParticipant({ id: `p-${fresh()}`, workshopId: 'missing', name: 'X', role: 'participant', joinedAt: 1 })).rejects.toThrow();
  });

  test('a removal is recorded once, keeping the first record', async () => {
    const id = await workshop();
    const who = `p-${fresh()}`;
    await store.removeParticipant({ workshopId: id, participantId: who, removedAt: 1, removedBy: 'f1' });
    await store.removeParticipant({ workshopId: id, participantId: who, removedAt: 2, removedBy: 'f2' });
    expect((await store.removedParticipantIds()).filter((p) => p === who)).toEqual([who]);
  });

  test('twenty concurrent votes with a budget of three count exactly three', async () => {
    const id = await workshop();
    const who = `p-${fresh()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.castVote(id, who, `note-${i % 5}`, 1, rules)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: 'all 3 votes are spent; take one back first' });
    expect((await store.myVotes(id, who)).spent).toBe(3);
    const totals = await store.voteTotals(id);
    expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(3);
  });

  test('votes are taken back, counted per note and per voter, and listed for the summary', async () => {
    const id = await workshop();
    const [a, b] = [`p-${fresh()}`, `p-${fresh()}`];
    expect((await store.castVote(id, a, 'n1', 1, rules)).ok).toBe(true);
    expect(await store.castVote(id, a, 'n1', 1, { perParticipant: 3, severalPerNote: false })).toEqual({ ok: false, problem: 'one vote per note in this workshop' });
    await store.castVote(id, a, 'n1', 1, rules);
    await store.castVote(id, b, 'n2', 1, rules);
    expect(await store.castVote(id, b, 'n1', -1, rules)).toEqual({ ok: false, problem: 'there is no vote on this note to take back' });
    expect(await store.castVote(id, a, 'n1', -1, rules)).toEqual({ ok: true, mine: { spent: 1, notes: { n1: 1 } } });
    expect(await store.voteTotalFor(id, 'n1')).toBe(1);
    expect(await store.voterCount(id)).toBe(2);
    expect(Object.fromEntries(await store.voteTotals(id))).toEqual({ n1: 1, n2: 1 });
    const cast = await store.votesCast(id);
    expect(cast.sort((x, y) => x.noteId.localeCompare(y.noteId))).toEqual([{ participantId: a, noteId: 'n1', count: 1 }, { participantId: b, noteId: 'n2', count: 1 }]);
    await store.castVote(id, a, 'n1', -1, rules);
    expect(await store.myVotes(id, a)).toEqual({ spent: 0, notes: {} });
  });

  test('history keeps the newest versions, newest first, with their bytes', async () => {
    const id = await workshop();
    for (let i = 1; i <= 5; i++) await store.addSnapshot(id, `r${i}`, i, new Uint8Array([i, i]), 100 * i);
    const list = await store.listSnapshots(id);
    expect(list.map((s) => [s.reason, s.noteCount, s.createdAt])).toEqual([['r5', 5, 500], ['r4', 4, 400], ['r3', 3, 300]]);
    expect([...((await store.snapshotData(id, list[0]!.id)) ?? [])]).toEqual([5, 5]);
    expect(await store.snapshotData(`w-${fresh()}`, list[0]!.id)).toBeNull();
    expect(await store.latestSnapshotAt(id)).toBe(500);
    expect(await store.latestSnapshotAt(`w-${fresh()}`)).toBeNull();
  });

  test('the first binding of a client id wins, also when two writers race', async () => {
    const room = `room-${fresh()}`;
    await Promise.all([
      store.bindClientIds(room, [{ clientId: 7, participantId: 'ada' }, { clientId: 2 ** 40, participantId: 'ada' }]),
      store.bindClientIds(room, [{ clientId: 7, participantId: 'ben' }]),
    ]);
    await store.bindClientIds(room, [{ clientId: 7, participantId: 'eve' }]);
    const owners = await store.loadClientIds(room);
    expect(owners.size).toBe(2);
    expect(['ada', 'ben']).toContain(owners.get(7));
    expect(owners.get(2 ** 40)).toBe('ada');
  });

  test('invite keys and join codes are kept sealed and a new code replaces the old one', async () => {
    const id = await workshop();
    await store.saveInviteKey(id, 'participant', 'sealed-1');
    await store.saveInviteKey(id, 'participant', 'sealed-2');
    expect(await store.inviteKeys(id)).toEqual({ participant: 'sealed-2' });
    await store.saveJoinCode(id, 'hash-a', 'code-a');
    await store.saveJoinCode(id, 'hash-b', 'code-b');
    expect(await store.joinCode(id)).toBe('code-b');
    expect(await store.workshopForCodeHash('hash-a')).toBeNull();
    expect(await store.workshopForCodeHash('hash-b')).toBe(id);
  });

  test('a workshop joins one series once, and members come in joining order', async () => {
    const [a, b] = [await workshop(), await workshop()];
    const s = `s-${fresh()}`;
    await store.joinSeries(s, b, 1);
    await store.joinSeries(s, a, 2);
    await store.joinSeries(`s-${fresh()}`, a, 3);
    expect(await store.seriesMembers(s)).toEqual([b, a]);
    expect(await store.seriesOf(a)).toBe(s);
  });

  test('meta values are replaced and the write probe succeeds', async () => {
    const key = `k-${fresh()}`;
    expect(await store.getMeta(key)).toBeNull();
    await store.setMeta(key, 'one');
    await store.setMeta(key, 'two');
    expect(await store.getMeta(key)).toBe('two');
    await expect(store.probeWrite()).resolves.toBeUndefined();
  });

  test('what was stored is there after the store is closed and opened again', async () => {
    const room = `room-${fresh()}`;
    await store.appendUpdates([{ room, update: noteUpdate('kept') }]);
    await store.close();
    store = await open(engine, dir);
    const loaded = await store.loadDoc(room);
    expect(loaded.seq).toBe(1);
    expect([...docOf(loaded.updates).getMap('notes').keys()]).toEqual(['kept']);
    expect((await store.appendUpdates([{ room, update: noteUpdate('next') }]))[0]!.seq).toBe(2);
  });
});

test('two PostgreSQL stores on one database hand out one sequence and one vote budget between them', async () => {
  const [a, b] = await Promise.all([openPostgresStore(inject('databaseUrl'), { historyKeep: 0 }), openPostgresStore(inject('databaseUrl'), { historyKeep: 0 })]);
  try {
    const room = `room-${randomUUID()}`;
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).appendUpdates([{ room, update: noteUpdate(`n${i}`) }])));
    expect(appended.flat().map((u) => u.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const id = `w-${randomUUID()}`;
    await a.createWorkshop({ id, title: 'T', createdAt: 1, keyHashes: { facilitator: 'x', participant: 'y', viewer: 'z' } });
    const votes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).castVote(id, 'p', `n${i}`, 1, rules)));
    expect(votes.filter((v) => v.ok)).toHaveLength(3);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('a PostgreSQL store that cannot reach its server fails to open with the connection error', async () => {
  const url = new URL(inject('databaseUrl'));
  url.port = '1';
  const failure = await openPostgresStore(url.toString(), { historyKeep: 0 }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(String(failure)).toMatch(/ECONNREFUSED/);
  // So a route answers 503 (try again), not 500, when the database is down.
  expect(isStoreUnavailable(failure)).toBe(true);
  expect(isStoreUnavailable(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
});

test('a server given DATABASE_URL serves from PostgreSQL and writes nothing to SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'four-paths-store-'));
  const url = await freshDatabase();
  const pgStore = await openPostgresStore(url, { historyKeep: 0 });
  try {
    const server = await startTestServer({ dataDir: dir, env: { DATABASE_URL: url } });
    let id: string;
    try {
      id = (await createWorkshop(server.url, 'On PostgreSQL')).id;
      expect(server.server.deps.data.engine).toBe('postgres');
    } finally {
      await server.close({ keepData: true });
    }
    expect((await pgStore.getWorkshop(id))?.title).toBe('On PostgreSQL');
    expect((await pgStore.loadDoc(`${id}/control`)).seq).toBeGreaterThan(0);
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(false);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  } finally {
    await pgStore.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
