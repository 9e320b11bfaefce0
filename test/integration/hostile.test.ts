import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { boardRoom } from '@shared/rooms';
import { buildNoteMap, createNote, notesOf, readBoard } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { openRaw, permissionDeniedReason, SYNC, syncFrame } from '../helpers/rawSocket';

const LIMITS = { MAX_FRAME_BYTES: String(4 * 1024 * 1024), MAX_MESSAGES_PER_SECOND: '100', MAX_NOTES: '5000', MAX_AWARENESS_BYTES: '8192' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: LIMITS });
});
afterAll(() => server.close());

/** A workshop with one note and two well-behaved participants watching the board. */
interface Scene {
  w: CreatedWorkshop;
  ana: Joined;
  eve: Joined;
  a: RoomClient;
  b: RoomClient;
  closesSeenByA: number;
}

async function scene(): Promise<Scene> {
  const w = await createWorkshop(server.url);
  const [ana, ben, eve] = await Promise.all(['Ana', 'Ben', 'Eve'].map((n) => join(server.url, w, 'participant', n)));
  const a = connectRoom(server, boardRoom(w.id), ana!.token);
  const b = connectRoom(server, boardRoom(w.id), ben!.token);
  await Promise.all([a.synced, b.synced]);
  createNote(a.doc, { text: 'Intranet', x: -0.5, y: -0.5, authorId: ana!.participantId });
  await until(() => readBoard(b.doc).notes.length === 1, 'Ben to see the first note');
  const s: Scene = { w, ana: ana!, eve: eve!, a, b, closesSeenByA: 0 };
  a.provider.on('connection-close', () => s.closesSeenByA++);
  return s;
}

/** The attacker's socket was closed as expected, the others went on and the stored board is as they left it. */
async function expectUnharmed(s: Scene, closed: { code: number; reason: string }, code: number, reason: RegExp): Promise<void> {
  expect(closed.code).toBe(code);
  expect(closed.reason).toMatch(reason);
  createNote(s.a.doc, { text: 'after the attack', x: 0.5, y: 0.5, authorId: s.ana.participantId });
  await until(() => readBoard(s.b.doc).notes.length === 2, 'Ben to see a note written after the attack');
  expect(s.closesSeenByA).toBe(0);
  const fresh = connectRoom(server, boardRoom(s.w.id), s.ana.token);
  await fresh.synced;
  const stored = readBoard(fresh.doc);
  expect(stored.malformed).toBe(0);
  expect(stored.notes.map((n) => n.text).sort()).toEqual(['Intranet', 'after the attack']);
  fresh.destroy();
  s.a.destroy();
  s.b.destroy();
}

/** Sends a frame on Eve's raw socket and expects the protocol's permission denied, with her socket still open and nothing stored. */
async function expectDenied(s: Scene, frame: Buffer, reason: RegExp): Promise<void> {
  const raw = openRaw(server.wsUrl, boardRoom(s.w.id), s.eve.token);
  await raw.open;
  raw.ws.send(frame);
  await until(() => raw.received.some((m) => permissionDeniedReason(m) !== null), 'Eve to be told her change was refused');
  const told = raw.received.map(permissionDeniedReason).find((r) => r !== null)!;
  expect(told).toMatch(reason);
  expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  raw.ws.close();
  await expectUnharmed(s, { code: 0, reason: '' }, 0, /.*/);
}

const syncUpdate = (update: Uint8Array) => syncFrame(SYNC.update, update);

/** Sends frames on a raw socket of Eve's and waits until the server closes it. */
async function attack(s: Scene, ...frames: Buffer[]): Promise<{ code: number; reason: string }> {
  const raw = openRaw(server.wsUrl, boardRoom(s.w.id), s.eve.token);
  await raw.open;
  for (const f of frames) raw.ws.send(f);
  return raw.closed;
}

/** An update that adds one note whose fields are set by the caller, bypassing the schema's commands. */
function hostileNote(fill: (note: Y.Map<unknown>) => void): Uint8Array {
  const doc = new Y.Doc();
  const note = buildNoteMap({ text: 'x', x: 0, y: 0, authorId: 'eve' });
  doc.transact(() => {
    notesOf(doc).set('evil', note);
    fill(note);
  });
  return Y.encodeStateAsUpdate(doc);
}

describe('hostile WebSocket input', () => {
  it('closes a socket sending random bytes with 4400 and leaves everyone else alone', async () => {
    const s = await scene();
    const noise = Buffer.from([0x00, 0x02, 0x9b, 0xd4, 0x17, 0xee, 0x01, 0x88, 0x42, 0xc3, 0x7a, 0x00, 0xff, 0x10]);
    await expectUnharmed(s, await attack(s, noise), 4400, /malformed|could not be applied/);
  });

  it('closes a socket whose message ends inside a varint with 4400', async () => {
    const s = await scene();
    await expectUnharmed(s, await attack(s, Buffer.from([0x00, 0x02, 0xff, 0xff])), 4400, /malformed/);
  });

  it('closes a socket sending an unknown message type with 4400, naming the type', async () => {
    const s = await scene();
    await expectUnharmed(s, await attack(s, Buffer.from([0x2a, 0x00])), 4400, /unknown message type 42/);
  });

  it('closes a socket whose length prefix claims gigabytes with 4400, allocating nothing', async () => {
    const s = await scene();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 4 * 1024 * 1024 * 1024);
    encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]));
    await expectUnharmed(s, await attack(s, Buffer.from(encoding.toUint8Array(e))), 4400, /malformed/);
  });

  it('closes a socket sending a frame over MAX_FRAME_BYTES with 1009', async () => {
    const s = await scene();
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 3);
    await expectUnharmed(s, await attack(s, big), 1009, /.*/);
  });

  it('closes a socket sending a Yjs update that cannot be applied with 4400', async () => {
    const s = await scene();
    const real = hostileNote(() => undefined);
    await expectUnharmed(s, await attack(s, syncUpdate(real.slice(0, real.length - 7))), 4400, /could not be (applied|decoded)/);
  });

  it('refuses a note whose text is a number with 4422', async () => {
    const s = await scene();
    await expectUnharmed(s, await attack(s, syncUpdate(hostileNote((n) => n.set('text', 12345)))), 4422, /text/);
  });

  it('refuses a note whose coordinates are strings with 4422', async () => {
    const s = await scene();
    const update = hostileNote((n) => {
      n.set('x', 'left');
      n.set('y', '1e9');
    });
    await expectUnharmed(s, await attack(s, syncUpdate(update)), 4422, /note x must be a number/);
  });

  it('refuses a note with a million characters of text with permission denied, keeping the socket', async () => {
    const s = await scene();
    const update = hostileNote((n) => n.set('text', new Y.Text('a'.repeat(1_000_000))));
    await expectDenied(s, syncUpdate(update), /at most 500 characters/);
  });

  it('refuses ten thousand notes in one update with permission denied (MAX_NOTES), keeping the socket', async () => {
    const s = await scene();
    const doc = new Y.Doc();
    doc.transact(() => {
      for (let i = 0; i < 10_000; i++) notesOf(doc).set(`n${i}`, buildNoteMap({ x: 0, y: 0, authorId: s.eve.participantId, createdAt: 1 }));
    });
    await expectDenied(s, syncUpdate(Y.encodeStateAsUpdate(doc)), /at most 5000 notes/);
  });

  it('closes a socket sending a megabyte awareness state with 4413 and forwards none of it', async () => {
    const s = await scene();
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, 424242);
    encoding.writeVarUint(inner, 1);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: 'x'.repeat(1024 * 1024) } }));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    const closed = await attack(s, Buffer.from(encoding.toUint8Array(e)));
    // Ana's cursor travels in the next coalesced awareness message; the huge state would have gone first.
    s.a.provider.awareness.setLocalStateField('cursor', { x: 0.1, y: 0.2 });
    await until(() => [...s.b.provider.awareness.getStates().values()].some((st) => st.cursor?.y === 0.2), 'Ben to see Ana’s cursor');
    expect(s.b.provider.awareness.getStates().has(424242)).toBe(false);
    await expectUnharmed(s, closed, 4413, /awareness state too large/);
  });

  it('closes a socket flooding messages with 4429 while a normal client keeps writing', async () => {
    const s = await scene();
    // Sent in bursts until the server closes it, so a slow machine still floods faster than the allowance.
    const raw = openRaw(server.wsUrl, boardRoom(s.w.id), s.eve.token);
    await raw.open;
    let sent = 0;
    while (raw.ws.readyState === raw.ws.OPEN && sent < 50_000) {
      for (let i = 0; i < 500; i++) raw.ws.send(Buffer.from([3]));
      sent += 500;
      await new Promise((r) => setImmediate(r));
    }
    const closed = await raw.closed;
    const rejected = /fourpaths_rejected_messages_total\{reason="rate-limited"\} (\d+)/.exec(server.server.deps.metrics.render());
    expect(Number(rejected?.[1])).toBeGreaterThanOrEqual(1);
    await expectUnharmed(s, closed, 4429, /too many messages/);
  });
});
