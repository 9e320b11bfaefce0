import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { boardRoom } from '@shared/rooms';
import { buildNoteMap, createNote, moveNote, notesOf, readBoard, setNoteText } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

const MESSAGES = 3000;
const SOCKETS = 8;
const BATCH = 10;
const TIME_BUDGET_MS = 15_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Well-formed messages of every kind, built from a document that a fuzzing writer edits. */
function validMessages(random: () => number): () => Uint8Array {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  let clock = 0;
  return () => {
    const roll = random();
    if (roll < 0.45) {
      const ids = [...notesOf(doc).keys()];
      if (ids.length === 0 || random() < 0.4) createNote(doc, { text: `fuzz ${updates.length}`, x: random() * 2 - 1, y: random() * 2 - 1, authorId: 'fuzz' });
      else if (random() < 0.5) moveNote(doc, ids[Math.floor(random() * ids.length)]!, random() * 2 - 1, random() * 2 - 1, 'fuzz');
      else setNoteText(doc, ids[Math.floor(random() * ids.length)]!, `edited ${updates.length}`);
      const u = updates[updates.length - 1]!;
      return frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, u)));
    }
    if (roll < 0.5) {
      // A note that breaks the schema, from a throwaway document so the writer's own history stays valid.
      const bad = new Y.Doc();
      const note = buildNoteMap({ x: 0, y: 0, authorId: 'fuzz' });
      bad.transact(() => {
        notesOf(bad).set(`bad${updates.length}`, note);
        note.set(['x', 'text', 'color', 'createdAt'][Math.floor(random() * 4)]!, random() < 0.5 ? 'left' : 1e308 * 10);
      });
      const u = Y.encodeStateAsUpdate(bad);
      return frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, u)));
    }
    if (roll < 0.6) return frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc))));
    if (roll < 0.8) {
      const inner = frame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, doc.clientID);
        encoding.writeVarUint(e, ++clock);
        encoding.writeVarString(e, JSON.stringify({ cursor: { x: random(), y: random() } }));
      });
      return frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, inner)));
    }
    if (roll < 0.9) return frame((e) => encoding.writeVarUint(e, 3));
    return frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'hello')));
  };
}

/** Bit flips, truncations, insertions, splices, changed lengths and plain noise. */
function mutate(message: Uint8Array, random: () => number): Uint8Array {
  const bytes = Array.from(message);
  const at = () => Math.floor(random() * Math.max(1, bytes.length));
  const byte = () => Math.floor(random() * 256);
  switch (Math.floor(random() * 7)) {
    case 0:
      for (let i = 0, j = at(); i < 1 + random() * 4; i++, j = at()) bytes[j] = (bytes[j] ?? 0) ^ (1 << Math.floor(random() * 8));
      break;
    case 1:
      bytes.length = at();
      break;
    case 2:
      bytes.splice(at(), 0, ...Array.from({ length: 1 + Math.floor(random() * 8) }, byte));
      break;
    case 3:
      bytes.splice(at(), Math.floor(random() * 6));
      break;
    case 4:
      bytes.splice(Math.min(2, bytes.length), 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
      break;
    case 5:
      bytes[0] = byte();
      break;
    default:
      return Uint8Array.from({ length: Math.floor(random() * 64) }, byte);
  }
  return Uint8Array.from(bytes);
}

describe('fuzzing the sync endpoint', () => {
  it('survives thousands of generated and mutated messages with the stored board intact and honest clients syncing', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const fuzzer = await join(server.url, w, 'participant', 'Fuzz');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    for (const text of ['Intranet', 'Customer forum', 'Open budget']) createNote(a.doc, { text, x: 0.3, y: -0.3, authorId: ana.participantId });
    const before = readBoard(a.doc).notes;

    const random = mulberry32(20261126);
    const next = validMessages(random);
    const started = Date.now();
    let sent = 0;
    let closedByServer = 0;
    const lane = async () => {
      while (sent < MESSAGES && Date.now() - started < TIME_BUDGET_MS) {
        const raw = openRaw(server.wsUrl, boardRoom(w.id), fuzzer.token);
        await raw.open;
        let open = true;
        raw.closed.then(() => (open = false));
        while (open && sent < MESSAGES) {
          for (let i = 0; i < BATCH; i++, sent++) raw.ws.send(random() < 0.5 ? next() : mutate(next(), random));
          // An empty step 1 always gets an answer, unless the batch got the socket closed.
          const answers = raw.received.length;
          raw.ws.send(Buffer.from([0, 0, 1, 0]));
          await Promise.race([until(() => raw.received.length > answers, 'an answer', 5000), raw.closed]);
        }
        const { code } = await (open ? (raw.ws.close(), raw.closed) : raw.closed);
        if (code >= 4000 || code === 1009) closedByServer++;
      }
    };
    await Promise.all(Array.from({ length: SOCKETS }, lane));
    expect(sent).toBeGreaterThanOrEqual(MESSAGES);
    expect(closedByServer).toBeGreaterThan(0);

    // The server answers, Ana was never dropped, and what she wrote is stored unchanged.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(a.provider.wsconnected).toBe(true);
    const ben = await join(server.url, w, 'participant', 'Ben');
    const b = connectRoom(server, boardRoom(w.id), ben.token);
    await b.synced;
    const stored = readBoard(b.doc);
    expect(stored.malformed).toBe(0);
    for (const note of before) expect(stored.notes.find((n) => n.id === note.id)).toEqual(note);
    createNote(a.doc, { text: 'after the storm', x: 0, y: 0.5, authorId: ana.participantId });
    await until(() => readBoard(b.doc).notes.some((n) => n.text === 'after the storm'), 'Ben to receive Ana’s new note');
    a.destroy();
    b.destroy();
  });
});

function mulberry32(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
