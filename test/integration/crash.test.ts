import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { boardRoom } from '@shared/rooms';
import { createNote, moveNote, notesOf, readBoard, setNoteText } from '@shared/schema/board';
import { SQLITE_FILE } from '../../server/config';
import { openSqliteEngine } from '../../server/store/sqliteEngine';
import { freePort, startChildServer, type ChildServer } from '../helpers/childServer';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { pace } from '../helpers/waits';

const KILLS = 6;
const WRITERS = 4;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The board as the store holds it, read through the store seam while no server runs, and the
 * sequence number its snapshot folds up to (a new one means the log was compacted since).
 */
async function storedBoard(dataDir: string, room: string): Promise<{ doc: Y.Doc; foldedSeq: number | null }> {
  const store = openSqliteEngine(joinPath(dataDir, SQLITE_FILE), { historyKeep: 0 });
  try {
    const doc = new Y.Doc();
    const { updates, logLength, seq } = await store.loadDoc(room);
    for (const u of updates) Y.applyUpdate(doc, u);
    // A load lists the snapshot, if there is one, before the logged updates; those follow it without a gap.
    return { doc, foldedSeq: updates.length > logLength ? seq - logLength : null };
  } finally {
    await store.close();
  }
}

/** What a client got from the server: its state vector without its own writes. */
function receivedClock(c: RoomClient): Map<number, number> {
  const sv = Y.decodeStateVector(Y.encodeStateVector(c.doc));
  sv.delete(c.doc.clientID);
  return sv;
}

function missingFrom(stored: Y.Doc, received: Map<number, number>): Array<[number, number]> {
  const have = Y.decodeStateVector(Y.encodeStateVector(stored));
  return [...received].filter(([client, clock]) => (have.get(client) ?? 0) < clock);
}

describe('crash recovery', () => {
  it('loses nothing any client received when the server is killed with SIGKILL again and again, compactions included', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { PORT: String(await freePort()), COMPACT_EVERY: '8', ROOM_IDLE_MS: '600000' };
    let server: ChildServer = await startChildServer(dataDir, env);
    cleanups.push(() => server.kill());
    const w = await createWorkshop(server.url);
    const room = boardRoom(w.id);
    const people = await Promise.all(Array.from({ length: WRITERS }, (_, i) => join(server.url, w, 'participant', `Writer ${i}`)));
    const clients = people.map((p) => {
      const c = connectRoom(server, room, p.token);
      // Reconnect quickly: the test waits for every restart.
      c.provider.maxBackoffTime = 150;
      cleanups.push(() => c.destroy());
      return c;
    });
    await Promise.all(clients.map((c) => c.synced));

    // Every client writes notes, moves and text edits all the time, connected or not.
    let writing = true;
    const random = mulberry32(7);
    const writers = clients.map(async (c, i) => {
      const by = people[i]!.participantId;
      for (let n = 0; writing; n++) {
        const ids = [...notesOf(c.doc).keys()];
        const roll = random();
        if (ids.length < 20 || (roll < 0.4 && ids.length < 300)) createNote(c.doc, { text: `w${i} n${n}`, x: random() * 2 - 1, y: random() * 2 - 1, authorId: by });
        else if (roll < 0.8) moveNote(c.doc, ids[Math.floor(random() * ids.length)]!, random() * 2 - 1, random() * 2 - 1, by);
        else setNoteText(c.doc, ids[Math.floor(random() * ids.length)]!, `edited by w${i} at ${n}`);
        // About 100 writes a second per client: busy, but within the per-socket message allowance.
        await pace(10);
      }
    });

    const compactions = new Set<number>();
    let checkedClocks = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await until(() => clients.every((c) => c.provider.wsconnected && c.provider.synced), `every client to reconnect (round ${kill})`, 10_000);
      // A random stretch of writing before each kill, so kills land at different points of the log.
      await pace(100 + random() * 400);
      await server.kill('SIGKILL');
      const received = clients.map(receivedClock);
      const stored = await storedBoard(dataDir, room);
      for (const r of received) {
        expect(missingFrom(stored.doc, r)).toEqual([]);
        checkedClocks += r.size;
      }
      if (stored.foldedSeq !== null) compactions.add(stored.foldedSeq);
      stored.doc.destroy();
      server = await startChildServer(dataDir, env);
    }
    writing = false;
    await Promise.all(writers);

    // Everyone reconnected by themselves and converges on one board, which is what is stored.
    const observer = connectRoom(server, room, people[0]!.token);
    cleanups.push(() => observer.destroy());
    await observer.synced;
    const svOf = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('base64');
    await until(() => clients.every((c) => svOf(c.doc) === svOf(observer.doc)), 'all clients to converge', 15_000);
    const finalNotes = readBoard(observer.doc).notes;
    for (const c of clients) expect(readBoard(c.doc).notes).toEqual(finalNotes);
    await server.kill('SIGKILL');
    const stored = await storedBoard(dataDir, room);
    expect(missingFrom(stored.doc, Y.decodeStateVector(Y.encodeStateVector(observer.doc)))).toEqual([]);
    expect(readBoard(stored.doc).notes).toEqual(finalNotes);

    expect(finalNotes.length).toBeGreaterThan(100);
    expect(checkedClocks).toBeGreaterThanOrEqual(KILLS * (WRITERS - 1));
    // The store was compacted between kills, so kills met freshly compacted logs too.
    expect(compactions.size).toBeGreaterThanOrEqual(KILLS - 1);
  }, 60_000);
});

/** A small seeded generator, so a failing run can be repeated. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
