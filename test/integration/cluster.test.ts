import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, moveNote, readBoard } from '@shared/schema/board';
import { readProgress, readSession, updateSession } from '@shared/schema/control';
import { timerOf } from '@shared/schema/timer';
import { sendOwnAwarenessOnly } from '../../client/session/awarenessFilter';
import { openPostgresStore } from '../../server/store/postgresStore';
import { startChildServer, type ChildServer } from '../helpers/childServer';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { freshDatabase } from '../helpers/pgDatabase';
import { startRedis } from '../helpers/redisServer';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';

// Two real server processes on one PostgreSQL database and one Redis: a load balancer may send
// any socket to either, so everything a user sees must hold across them.

const SECRET = 'cluster-test-secret-cluster-test-secret';

let redis: Awaited<ReturnType<typeof startRedis>>;
let databaseUrl: string;
const dirs: string[] = [];
const servers: ChildServer[] = [];
const clients: RoomClient[] = [];

async function instance(extra: Record<string, string> = {}): Promise<ChildServer> {
  const dir = mkdtempSync(joinPath(tmpdir(), 'fp-cluster-'));
  dirs.push(dir);
  const s = await startChildServer(dir, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, SESSION_SECRET: SECRET, ...extra });
  servers.push(s);
  return s;
}

function connect(server: ChildServer, room: string, who: Joined): RoomClient {
  const c = connectRoom(server, room, who.token);
  clients.push(c);
  return c;
}

const notesOn = (c: RoomClient) => readBoard(c.doc).notes;

let a: ChildServer;
let b: ChildServer;

beforeAll(async () => {
  redis = await startRedis();
  databaseUrl = await freshDatabase();
  [a, b] = await Promise.all([instance(), instance()]);
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all(servers.map((s) => s.kill()));
  await redis.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two instances on one PostgreSQL and one Redis', () => {
  let w: CreatedWorkshop;
  let fay: Joined;
  let ana: Joined;
  let ben: Joined;

  beforeAll(async () => {
    w = await createWorkshop(a.url, 'Across instances');
    // Created on A, joined on B: the workshop, its keys and its people are in the shared store.
    [fay, ana, ben] = await Promise.all([join(b.url, w, 'facilitator', 'Fay'), join(a.url, w, 'participant', 'Ana'), join(b.url, w, 'participant', 'Ben')]);
  });

  it('lets clients on different instances see each other’s notes and moves live, and a late joiner on B gets the whole board', async () => {
    const onA = connect(a, boardRoom(w.id), ana);
    const onB = connect(b, boardRoom(w.id), ben);
    await Promise.all([onA.synced, onB.synced]);
    const fromA = createNote(onA.doc, { text: 'Written on A', x: -0.5, y: 0.5, authorId: ana.participantId });
    const fromB = createNote(onB.doc, { text: 'Written on B', x: 0.5, y: -0.5, authorId: ben.participantId });
    await until(() => notesOn(onA).length === 2 && notesOn(onB).length === 2, 'both notes on both instances');
    moveNote(onB.doc, fromA, 0.25, 0.25, ben.participantId);
    await until(() => notesOn(onA).find((n) => n.id === fromA)?.x === 0.25, 'B’s move of A’s note to reach A');

    const late = connect(b, boardRoom(w.id), fay);
    await late.synced;
    expect(notesOn(late).map((n) => n.id).sort()).toEqual([fromA, fromB].sort());
  });

  it('shows a cursor on A to a client on B, with the name the server knows', async () => {
    const onA = connect(a, boardRoom(w.id), ana);
    const onB = connect(b, boardRoom(w.id), ben);
    await Promise.all([onA.synced, onB.synced]);
    // A client that claims to be someone else is shown under the name the server knows.
    onA.provider.awareness.setLocalState({ user: { id: ana.participantId, name: 'Not Ana' }, cursor: { x: 0.1, y: 0.2 } });
    await until(() => {
      const seen = onB.provider.awareness.getStates().get(onA.doc.clientID) as { cursor?: { x: number }; user?: { name?: string } } | undefined;
      return seen?.cursor?.x === 0.1 && seen.user?.name === 'Ana';
    }, 'A’s cursor on B').catch((err: Error) => {
      throw new Error(`${err.message}; B holds ${JSON.stringify([...onB.provider.awareness.getStates()])}, A's client is ${onA.doc.clientID}`);
    });
  });

  it('shows someone who sits still on A to a newcomer on B at once, not only when their presence renews', async () => {
    // A workshop of its own, so its board is loaded on A only until the newcomer comes to B.
    const other = await createWorkshop(a.url, 'Presence on arrival');
    // All join through A: joining opens the workshop's rooms on the instance that answers.
    const [sits, watches, comes] = await Promise.all(['Sid', 'Wes', 'Cleo'].map((name) => join(a.url, other, 'participant', name)));
    // As the board does, both send their own state only, never an echo of others'.
    const onA = connect(a, boardRoom(other.id), sits!);
    const watcher = connect(a, boardRoom(other.id), watches!);
    sendOwnAwarenessOnly(onA.provider);
    sendOwnAwarenessOnly(watcher.provider);
    await Promise.all([onA.synced, watcher.synced]);
    onA.provider.awareness.setLocalState({ user: { id: sits!.participantId, name: 'Sid' }, cursor: { x: 0.3, y: 0.3 } });
    await until(() => watcher.provider.awareness.getStates().has(onA.doc.clientID), 'Sid’s presence on A');
    // A stock client renews its state every 15 s; the newcomer must not wait for that.
    const onB = connect(b, boardRoom(other.id), comes!);
    await onB.synced;
    await until(() => (onB.provider.awareness.getStates().get(onA.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === 0.3, 'Sid’s presence on B', 3000);
  });

  it('keeps a room that only one instance holds off the bus, and puts it back on once another instance loads it', async () => {
    const published = async (s: ChildServer) => Number(/^fourpaths_bus_messages_published (\d+)/m.exec(await (await fetch(`${s.url}/metrics`)).text())![1]);
    const lone = await createWorkshop(a.url, 'One instance at first');
    const [pia, quin, rex] = await Promise.all(['Pia', 'Quin', 'Rex'].map((name) => join(a.url, lone, 'participant', name)));
    const moving = connect(a, boardRoom(lone.id), pia!);
    const watching = connect(a, boardRoom(lone.id), quin!);
    for (const c of [moving, watching]) sendOwnAwarenessOnly(c.provider);
    await Promise.all([moving.synced, watching.synced]);
    const user = { id: pia!.participantId, name: 'Pia' };
    const moveAndSee = async (x: number, seers: RoomClient[]) => {
      moving.provider.awareness.setLocalState({ user, cursor: { x, y: 0 } });
      await until(() => seers.every((s) => (s.provider.awareness.getStates().get(moving.doc.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === x), `cursor at ${x}`);
    };
    await moveAndSee(0.01, [watching]);
    const before = await published(a);
    for (let i = 2; i <= 21; i++) await moveAndSee(i / 100, [watching]);
    // Twenty flushes that nobody else could hear: none went to Redis (a few other rooms' messages may have).
    expect((await published(a)) - before).toBeLessThan(5);

    const elsewhere = connect(b, boardRoom(lone.id), rex!);
    await elsewhere.synced;
    await until(() => elsewhere.provider.awareness.getStates().has(moving.doc.clientID), 'Pia’s presence on B');
    const shared = await published(a);
    for (let i = 22; i <= 41; i++) await moveAndSee(i / 100, [watching, elsewhere]);
    expect((await published(a)) - shared).toBeGreaterThanOrEqual(20);
  });

  it('holds a vote budget of 3 against 20 simultaneous votes split over both instances', async () => {
    const board = connect(a, boardRoom(w.id), fay);
    await board.synced;
    const ids = Array.from({ length: 4 }, (_, i) => createNote(board.doc, { text: `Option ${i}`, x: 0.1 * i, y: 0.1, authorId: fay.participantId }));
    const controlA = connect(a, controlRoom(w.id), fay);
    const controlB = connect(b, controlRoom(w.id), fay);
    const boardB = connect(b, boardRoom(w.id), ana);
    await Promise.all([controlA.synced, controlB.synced, boardB.synced]);
    updateSession(controlB.doc, { phase: 'vote', voting: { perParticipant: 3, severalPerNote: true, totalsVisible: false } });
    // What each instance's clients hear, the instance holds.
    await until(() => readSession(controlA.doc).phase === 'vote' && readSession(controlB.doc).phase === 'vote', 'the vote phase on both instances');
    await until(() => notesOn(boardB).filter((n) => ids.includes(n.id)).length === 4, 'the options on B');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${i % 2 ? a.url : b.url}/api/workshops/${w.id}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ana.token}` },
          body: JSON.stringify({ noteId: ids[i % 4], delta: 1 }),
        }).then((r) => r.status),
      ),
    );
    expect(results.filter((st) => st === 200)).toHaveLength(3);
    expect(results.filter((st) => st === 422)).toHaveLength(17);
    updateSession(controlB.doc, { phase: 'collect' });
    await until(() => readSession(controlA.doc).phase === 'collect', 'back to collect');
  });

  it('reveals every draft exactly once, with writers on both instances and the facilitator on one', async () => {
    const w2 = await createWorkshop(b.url, 'Reveal across instances');
    const [f, p1, p2] = await Promise.all([join(a.url, w2, 'facilitator', 'Fay'), join(a.url, w2, 'participant', 'Ana'), join(b.url, w2, 'participant', 'Ben')]);
    const d1 = connect(a, draftsRoom(w2.id, p1.participantId), p1);
    const d2 = connect(b, draftsRoom(w2.id, p2.participantId), p2);
    const boardA = connect(a, boardRoom(w2.id), f);
    const boardB = connect(b, boardRoom(w2.id), p2);
    // Both instances hold the control room, so both hear the phase change.
    const controlA = connect(a, controlRoom(w2.id), f);
    const controlB = connect(b, controlRoom(w2.id), p2);
    await Promise.all([d1.synced, d2.synced, boardA.synced, boardB.synced, controlA.synced, controlB.synced]);
    for (let i = 0; i < 3; i++) {
      createNote(d1.doc, { text: `Ana draft ${i}`, x: 1.5, y: 0.1 * i, authorId: p1.participantId });
      createNote(d2.doc, { text: `Ben draft ${i}`, x: 1.5, y: 0.1 * i, authorId: p2.participantId });
    }
    // The draft counts the server publishes say both instances have stored every draft.
    await until(() => {
      const progress = readProgress(controlA.doc);
      return progress.get(p1.participantId)?.drafts === 3 && progress.get(p2.participantId)?.drafts === 3;
    }, 'both writers’ drafts to be stored');
    updateSession(controlA.doc, { phase: 'place' });
    await until(() => notesOn(boardA).length === 6 && notesOn(boardB).length === 6, 'six revealed notes on both instances', 10_000);
    await until(() => readBoard(d1.doc).notes.length === 0 && readBoard(d2.doc).notes.length === 0, 'the drafts to empty');
    expect(notesOn(boardB).map((n) => n.text).sort()).toEqual(['Ana draft 0', 'Ana draft 1', 'Ana draft 2', 'Ben draft 0', 'Ben draft 1', 'Ben draft 2']);
  });

  it('advances the phase once when an auto-advance timer runs out, though both instances hold the timer', async () => {
    const w3 = await createWorkshop(a.url, 'Timer across instances');
    const f = await join(a.url, w3, 'facilitator', 'Fay');
    const controlA = connect(a, controlRoom(w3.id), f);
    const controlB = connect(b, controlRoom(w3.id), f);
    await Promise.all([controlA.synced, controlB.synced]);
    // Both instances hold the same timer and fire at the same moment; the store lets one advance.
    const advanced = () => [...a.lines, ...b.lines].filter((l) => l.includes('timer ran out; phase advanced') && l.includes(w3.id)).length;
    updateSession(controlA.doc, { timer: { ...timerOf(1500, true), startedAt: Date.now() } });
    await until(() => readSession(controlA.doc).phase === 'place' && readSession(controlB.doc).phase === 'place', 'the timer to advance the phase on both', 10_000);
    await until(() => readSession(controlB.doc).timer?.startedAt === null, 'the timer to be reset');
    expect(advanced()).toBe(1);
    const store = await openPostgresStore(databaseUrl, { historyKeep: 0 });
    try {
      const doc = new Y.Doc();
      for (const u of (await store.loadDoc(controlRoom(w3.id))).updates) Y.applyUpdate(doc, u);
      expect(readSession(doc).phase).toBe('place');
    } finally {
      await store.close();
    }
  });

  it('refuses a participant removed on A on B at once: their socket there closes and their token stops working', async () => {
    const w4 = await createWorkshop(a.url, 'Removal across instances');
    const [f, mallory] = await Promise.all([join(a.url, w4, 'facilitator', 'Fay'), join(b.url, w4, 'participant', 'Mallory')]);
    const onB = connect(b, boardRoom(w4.id), mallory);
    await onB.synced;
    const res = await fetch(`${a.url}/api/workshops/${w4.id}/participants/${mallory.participantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${f.token}` } });
    expect(res.status).toBe(204);
    expect(await onB.closed).toMatchObject({ code: 4403 });
    const again = await fetch(`${b.url}/api/workshops/${w4.id}`, { headers: { authorization: `Bearer ${mallory.token}` } });
    expect(again.status).toBe(403);
  });
});

describe('failures', () => {
  it('converges after Redis restarts mid-session: updates written while it was away arrive once it is back', async () => {
    const w = await createWorkshop(a.url, 'Redis restart');
    const [p1, p2] = await Promise.all([join(a.url, w, 'participant', 'Ana'), join(b.url, w, 'participant', 'Ben')]);
    const onA = connect(a, boardRoom(w.id), p1);
    const onB = connect(b, boardRoom(w.id), p2);
    await Promise.all([onA.synced, onB.synced]);
    createNote(onA.doc, { text: 'before', x: 0, y: 0, authorId: p1.participantId });
    await until(() => notesOn(onB).length === 1, 'the first note on B');
    await redis.stop();
    createNote(onA.doc, { text: 'while Redis was away', x: 0.1, y: 0, authorId: p1.participantId });
    createNote(onB.doc, { text: 'also while away', x: 0.2, y: 0, authorId: p2.participantId });
    await redis.restart();
    await until(() => notesOn(onA).length === 3 && notesOn(onB).length === 3, 'both instances to converge after the restart', 15_000);
  });

  it('loses nothing any client saw when one instance is killed with SIGKILL while four clients write; they carry on on the other', async () => {
    const c = await instance();
    const w = await createWorkshop(c.url, 'Kill one instance');
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => join(i % 2 ? b.url : c.url, w, 'participant', `Writer ${i}`)));
    const writers = people.map((p, i) => connect(i % 2 ? b : c, boardRoom(w.id), p));
    await Promise.all(writers.map((x) => x.synced));
    let written = 0;
    const write = () => {
      for (const [i, x] of writers.entries()) createNote(x.doc, { text: `n${written}-${i}`, x: 0, y: 0, authorId: people[i]!.participantId });
      written++;
    };
    for (let i = 0; i < 5; i++) write();
    await until(() => writers.every((x) => notesOn(x).length === 20), 'every note everywhere');
    await c.kill('SIGKILL');
    // What every client holds now, from either instance, must be on B.
    const seen = new Y.Doc();
    for (const x of writers) Y.applyUpdate(seen, Y.encodeStateAsUpdate(x.doc));
    const moved = people.map((p) => connect(b, boardRoom(w.id), p));
    await Promise.all(moved.map((x) => x.synced));
    for (const x of writers.filter((_, i) => i % 2 === 0)) x.destroy();
    for (const [i, x] of moved.entries()) createNote(x.doc, { text: `after-${i}`, x: 0, y: 0, authorId: people[i]!.participantId });
    const expected = new Set(readBoard(seen).notes.map((n) => n.id));
    await until(() => moved.every((x) => notesOn(x).length === expected.size + 4), 'the board on B to hold everything and the new notes');
    for (const id of expected) expect(notesOn(moved[0]!).some((n) => n.id === id)).toBe(true);
  });
});
