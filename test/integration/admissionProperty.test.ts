import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoom } from '@shared/rooms';
import { createNote, deleteNotes, moveNote, notesOf, readBoard, setNoteText } from '@shared/schema/board';
import { noteProblem } from '../../server/rooms/validateBoard';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type Joined } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { isSync, openRaw, SYNC, syncFrame, type RawClient } from '../helpers/rawSocket';

const MESSAGES = 2400;
const BATCH = 24;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    env: { MAX_MESSAGES_PER_SECOND: '100000', MAX_REFUSALS_PER_MINUTE: '100000', MAX_SYNC_REQUESTS_PER_MINUTE: '100000' },
  });
});
afterAll(() => server.close());

/** A small deterministic generator, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const frame = syncFrame;
const isSyncStep2 = (m: Uint8Array) => isSync(m, SYNC.step2);

/** One simulated writer: its own document, and every update it produced, for replaying in any order. */
interface Writer {
  who: Joined;
  doc: Y.Doc;
  updates: Uint8Array[];
  raw: RawClient | null;
}

describe('admission holds for any sequence of updates', () => {
  it('keeps the server document free of pending data and invalid notes while honest clients converge', async () => {
    const rand = prng(20261201);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const w = await createWorkshop(server.url);
    const people = await Promise.all(['Ana', 'Ben', 'Cy'].map((n) => join(server.url, w, 'participant', n)));
    const honest = await Promise.all(['Hal', 'Ida'].map((n) => join(server.url, w, 'participant', n)));
    const room = boardRoom(w.id);
    const clients = honest.map((h) => connectRoom(server, room, h!.token));
    await Promise.all(clients.map((c) => c.synced));
    const writers: Writer[] = people.map((who) => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      return { who: who!, doc, updates, raw: null };
    });
    const socket = async (wr: Writer): Promise<RawClient> => {
      if (wr.raw && wr.raw.ws.readyState === wr.raw.ws.OPEN) return wr.raw;
      wr.raw = openRaw(server.wsUrl, room, wr.who.token);
      await wr.raw.open;
      return wr.raw;
    };
    const serverDoc = () => server.server.rooms.rooms.get(room)!.doc;

    const mutate = (wr: Writer) => {
      const mine = readBoard(wr.doc).notes;
      const r = rand();
      if (r < 0.4 || mine.length === 0) createNote(wr.doc, { text: `note ${Math.floor(rand() * 1e6)}`, x: rand() * 2 - 1, y: rand() * 2 - 1, authorId: wr.who.participantId });
      else if (r < 0.7) moveNote(wr.doc, pick(mine).id, rand() * 2 - 1, rand() * 2 - 1, wr.who.participantId);
      else if (r < 0.85) setNoteText(wr.doc, pick(mine).id, `edited ${Math.floor(rand() * 1e6)}`);
      else deleteNotes(wr.doc, [pick(mine).id]);
    };

    const forgeUnder = (wr: Writer, victim: Writer): Uint8Array => {
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(victim.doc));
      const sv = Y.encodeStateVector(forged);
      forged.clientID = victim.doc.clientID;
      createNote(forged, { text: 'forged', x: 0, y: 0, authorId: wr.who.participantId });
      return Y.encodeStateAsUpdate(forged, sv);
    };

    for (let sent = 0; sent < MESSAGES; ) {
      for (let i = 0; i < BATCH; i++, sent++) {
        const wr = pick(writers);
        mutate(wr);
        const r = rand();
        let payload: Uint8Array;
        if (r < 0.35) payload = wr.updates[wr.updates.length - 1]!; // in order
        else if (r < 0.6) payload = pick(wr.updates); // reordered or duplicated
        else if (r < 0.7) payload = Y.encodeStateAsUpdate(wr.doc, Y.encodeStateVector(serverDoc())); // a sync step 2
        else if (r < 0.8) {
          const u = pick(wr.updates);
          payload = u.slice(0, Math.max(1, Math.floor(u.length * rand()))); // truncated
        } else if (r < 0.9) payload = forgeUnder(wr, pick(writers.filter((o) => o !== wr)));
        else payload = Y.mergeUpdates([pick(wr.updates), pick(wr.updates)]); // merged, possibly with gaps
        const raw = await socket(wr);
        raw.ws.send(frame(rand() < 0.5 ? 2 : 1, payload));
      }
      // Barrier: a sync request is answered only after everything before it was handled.
      const wr = pick(writers);
      const raw = await socket(wr);
      const before = raw.received.filter(isSyncStep2).length;
      raw.ws.send(frame(0, Y.encodeStateVector(serverDoc())));
      await until(() => raw.received.filter(isSyncStep2).length > before || raw.ws.readyState !== raw.ws.OPEN, 'the barrier');
      const doc = serverDoc();
      expect(doc.store.pendingStructs).toBeNull();
      expect(doc.store.pendingDs).toBeNull();
      notesOf(doc).forEach((note) => expect(noteProblem(note, { maxNotes: 5000, maxText: 500 })).toBeNull());
      // Honest people keep writing in between.
      const c = pick(clients);
      createNote(c.doc, { text: `honest ${sent}`, x: 0, y: 0, authorId: honest[clients.indexOf(c)]!.participantId });
    }

    const expected = () => JSON.stringify(readBoard(serverDoc()).notes);
    await until(() => clients.every((c) => JSON.stringify(readBoard(c.doc).notes) === expected()), 'honest clients to converge on the server’s board', 10_000);
    expect(readBoard(serverDoc()).malformed).toBe(0);
    expect(readBoard(serverDoc()).notes.filter((n) => n.text.startsWith('honest')).length).toBe(MESSAGES / BATCH);
    for (const wr of writers) wr.raw?.ws.close();
    for (const c of clients) c.destroy();
  });
});
