import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { NOTE_SIZE, parkingSlot, placementOf } from '@shared/matrix';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { readProgress, setPhase } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { startChildServer, type ChildServer } from '../helpers/childServer';

let server: TestServer;
const cleanups: Array<() => unknown> = [];
beforeAll(async () => {
  // Short idle time, so a test can see drafts rooms unload once their writer left.
  server = await startTestServer({ env: { ROOM_IDLE_MS: '300' } });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => server.close());

function connect(s: { wsUrl: string }, room: string, who: Joined): RoomClient {
  const client = connectRoom(s, room, who.token);
  cleanups.push(() => client.destroy());
  return client;
}

function raw(room: string, who: Joined): RawClient {
  const socket = openRaw(server.wsUrl, room, who.token);
  cleanups.push(() => socket.ws.close());
  return socket;
}

/** A y-websocket "update" message carrying a whole document's state, as a client would send it. */
function updateMessage(doc: Y.Doc): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  return Buffer.from(encoding.toUint8Array(e));
}

const received = (socket: RawClient) => Buffer.concat(socket.received);
const isPermissionDenied = (m: Uint8Array) => m[0] === 2;

interface Room {
  w: CreatedWorkshop;
  fay: Joined;
  ana: Joined;
  ben: Joined;
}

async function workshop(url = server.url): Promise<Room> {
  const w = await createWorkshop(url);
  const [fay, ana, ben] = [await join(url, w, 'facilitator', 'Fay'), await join(url, w, 'participant', 'Ana'), await join(url, w, 'participant', 'Ben')];
  return { w, fay, ana, ben };
}

describe('private writing', () => {
  it('sends no byte of a draft’s text to another participant, the facilitator or a viewer before the reveal', async () => {
    const { w, fay, ana, ben } = await workshop();
    const vic = await join(server.url, w, 'viewer', 'Projector');
    const listeners = [
      raw(boardRoom(w.id), ben),
      raw(controlRoom(w.id), ben),
      raw(draftsRoom(w.id, ben.participantId), ben),
      raw(boardRoom(w.id), fay),
      raw(controlRoom(w.id), fay),
      raw(boardRoom(w.id), vic),
      raw(controlRoom(w.id), vic),
    ];
    await Promise.all(listeners.map((l) => l.open));
    const control = connect(server, controlRoom(w.id), fay);
    const drafts = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await Promise.all([control.synced, drafts.synced]);

    const secrets = ['Quietly automate expense claims', 'Give the night shift a voice'];
    drafts.provider.awareness.setLocalStateField('editing', { text: secrets[0] });
    for (const text of secrets) createNote(drafts.doc, { text, x: 0, y: 0, authorId: ana.participantId });
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 2, 'the facilitator to see that Ana has 2 notes ready');

    for (const l of listeners) {
      const bytes = received(l);
      for (const secret of secrets) expect(bytes.includes(secret.slice(0, 12)), `a draft reached ${l.ws.url}`).toBe(false);
    }
    expect((await raw(draftsRoom(w.id, ana.participantId), ben).closed).code).toBe(4403);
    expect((await raw(draftsRoom(w.id, ana.participantId), fay).closed).code).toBe(4403);

    setPhase(control.doc, 'place');
    await until(() => received(listeners[0]!).includes(secrets[1]!), 'the revealed notes to reach Ben');
  });

  it('shows the facilitator how many notes each person has ready, counting only notes with text', async () => {
    const { w, fay, ana, ben } = await workshop();
    const control = connect(server, controlRoom(w.id), fay);
    const a = connect(server, draftsRoom(w.id, ana.participantId), ana);
    const b = connect(server, draftsRoom(w.id, ben.participantId), ben);
    await Promise.all([control.synced, a.synced, b.synced]);
    for (const text of ['one', 'two', 'three']) createNote(a.doc, { text, x: 0, y: 0, authorId: ana.participantId });
    createNote(b.doc, { text: 'first', x: 0, y: 0, authorId: ben.participantId });
    createNote(b.doc, { text: '  ', x: 0, y: 0, authorId: ben.participantId });
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 3 && readProgress(control.doc).get(ben.participantId)?.drafts === 1, 'counts 3 and 1');
  });

  it('gives a participant their drafts back when they reconnect during private writing', async () => {
    const { w, ana } = await workshop();
    const first = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await first.synced;
    createNote(first.doc, { text: 'Mentoring circles', x: 0, y: 0, authorId: ana.participantId });
    createNote(first.doc, { text: 'Open budget', x: 0, y: 0, authorId: ana.participantId });
    await until(() => !first.provider.wsconnected || first.provider.ws?.bufferedAmount === 0, 'the notes to be sent');
    first.destroy();
    const again = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await again.synced;
    await until(() => readBoard(again.doc).notes.length === 2, 'both drafts back');
    expect(readBoard(again.doc).notes.map((n) => n.text).sort()).toEqual(['Mentoring circles', 'Open budget']);
  });

  it('moves every draft onto the board in one transaction, each in the path its writer put it, clear of parked notes and of each other', async () => {
    const { w, fay, ana, ben } = await workshop();
    const board = connect(server, boardRoom(w.id), fay);
    const control = connect(server, controlRoom(w.id), fay);
    const a = connect(server, draftsRoom(w.id, ana.participantId), ana);
    const b = connect(server, draftsRoom(w.id, ben.participantId), ben);
    await Promise.all([board.synced, control.synced, a.synced, b.synced]);
    const parked = createNote(board.doc, { text: 'already parked', ...parkingSlot(0), authorId: fay.participantId });
    for (let i = 0; i < 4; i++) createNote(a.doc, { text: `Ana ${i}`, x: 0.5, y: 0.5, authorId: ana.participantId });
    for (let i = 0; i < 3; i++) createNote(b.doc, { text: `Ben ${i}`, x: 0.5, y: 0.5, authorId: ben.participantId });
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 4 && readProgress(control.doc).get(ben.participantId)?.drafts === 3, 'all drafts counted');

    const sizes: number[] = [];
    board.doc.on('afterTransaction', () => sizes.push(readBoard(board.doc).notes.length));
    setPhase(control.doc, 'place');
    await until(() => readBoard(board.doc).notes.length === 8, 'all 7 drafts on the board');
    expect(sizes.filter((n) => n > 1)[0]).toBe(8);

    const notes = readBoard(board.doc).notes;
    expect(notes.filter((n) => n.authorId === ana.participantId).map((n) => n.text).sort()).toEqual(['Ana 0', 'Ana 1', 'Ana 2', 'Ana 3']);
    expect(notes.filter((n) => n.authorId === ben.participantId)).toHaveLength(3);
    expect(notes.find((n) => n.id === parked)).toMatchObject(parkingSlot(0));
    // Every draft was dragged into Product Resonance during Collect, and stays there.
    for (const n of notes) expect(placementOf(n.x, n.y)).toBe(n.id === parked ? 'unplaced' : 'product-resonance');
    for (const n of notes) {
      for (const m of notes) {
        if (n !== m) expect(Math.abs(n.x - m.x) >= NOTE_SIZE.w || Math.abs(n.y - m.y) >= NOTE_SIZE.h, `${n.text} overlaps ${m.text}`).toBe(true);
      }
    }
    await until(() => readBoard(a.doc).notes.length === 0 && readBoard(b.doc).notes.length === 0, 'the drafts rooms to be emptied');
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 0, 'Ana’s count to drop to 0');
  });

  it('finds drafts of people who are no longer connected', async () => {
    const { w, fay, ana } = await workshop();
    const a = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await a.synced;
    createNote(a.doc, { text: 'Written, then the laptop closed', x: 0, y: 0, authorId: ana.participantId });
    const control = connect(server, controlRoom(w.id), fay);
    await control.synced;
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 1, 'the note to be stored');
    a.destroy();
    await until(() => !server.server.rooms.rooms.has(draftsRoom(w.id, ana.participantId)), 'Ana’s drafts room to unload');
    const board = connect(server, boardRoom(w.id), fay);
    await board.synced;
    setPhase(control.doc, 'place');
    await until(() => readBoard(board.doc).notes.some((n) => n.text === 'Written, then the laptop closed'), 'the note on the board');
  });

  it('refuses writes to drafts once private writing has ended, and from viewers at any time', async () => {
    const { w, fay, ana } = await workshop();
    const vic = await join(server.url, w, 'viewer', 'Projector');
    const viewerDrafts = raw(draftsRoom(w.id, vic.participantId), vic);
    await viewerDrafts.open;
    const local = new Y.Doc();
    createNote(local, { text: 'projector note', x: 0, y: 0, authorId: vic.participantId });
    viewerDrafts.ws.send(updateMessage(local));
    await until(() => viewerDrafts.received.some(isPermissionDenied), 'the viewer’s write to be refused');

    const control = connect(server, controlRoom(w.id), fay);
    await control.synced;
    setPhase(control.doc, 'place');
    const late = raw(draftsRoom(w.id, ana.participantId), ana);
    await late.open;
    const mine = new Y.Doc();
    createNote(mine, { text: 'too late', x: 0, y: 0, authorId: ana.participantId });
    late.ws.send(updateMessage(mine));
    await until(() => late.received.some(isPermissionDenied), 'the late write to be refused');

    setPhase(control.doc, 'collect');
    setPhase(control.doc, 'place');
    const board = connect(server, boardRoom(w.id), fay);
    const check = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await Promise.all([board.synced, check.synced]);
    expect(readBoard(check.doc).notes).toHaveLength(0);
    expect(readBoard(board.doc).notes).toHaveLength(0);
  });

  it('refuses a draft written in someone else’s name with permission denied, storing nothing', async () => {
    const { w, ana, ben } = await workshop();
    const a = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await a.synced;
    createNote(a.doc, { text: 'by Ben, honest', x: 0, y: 0, authorId: ben.participantId });
    await until(() => a.denied.length > 0, 'the refusal');
    expect(a.denied[0]).toMatch(/in your own name/);
    const check = connect(server, draftsRoom(w.id, ana.participantId), ana);
    await check.synced;
    expect(readBoard(check.doc).notes).toHaveLength(0);
  });

  it('lets a facilitator draft notes for people in the room, revealed in their names', async () => {
    const { w, fay, ana } = await workshop();
    const f = connect(server, draftsRoom(w.id, fay.participantId), fay);
    const control = connect(server, controlRoom(w.id), fay);
    const board = connect(server, boardRoom(w.id), fay);
    await Promise.all([f.synced, control.synced, board.synced]);
    createNote(f.doc, { text: 'Said by Ana, typed by Fay', x: 0, y: 0, authorId: ana.participantId });
    await until(() => readProgress(control.doc).get(fay.participantId)?.drafts === 1, 'the facilitator’s draft');
    setPhase(control.doc, 'place');
    await until(() => readBoard(board.doc).notes.length === 1, 'the note on the board');
    expect(readBoard(board.doc).notes[0]).toMatchObject({ text: 'Said by Ana, typed by Fay', authorId: ana.participantId });
  });

  it('adds nothing twice when a reveal was interrupted after the board was written', async () => {
    const { w, fay, ana } = await workshop();
    const a = connect(server, draftsRoom(w.id, ana.participantId), ana);
    const control = connect(server, controlRoom(w.id), fay);
    await Promise.all([a.synced, control.synced]);
    const first = createNote(a.doc, { text: 'first idea', x: 0, y: 0, authorId: ana.participantId });
    createNote(a.doc, { text: 'second idea', x: 0, y: 0, authorId: ana.participantId });
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 2, 'both drafts stored');
    // The state a crash leaves between the board transaction and emptying the drafts: the note is on the board and still in drafts.
    await server.server.deps.docs.transact(boardRoom(w.id), (doc) => void createNote(doc, { id: first, text: 'first idea', ...parkingSlot(0), authorId: ana.participantId }), 'reveal');

    const board = connect(server, boardRoom(w.id), fay);
    await board.synced;
    setPhase(control.doc, 'place');
    await until(() => readBoard(a.doc).notes.length === 0, 'the drafts to be emptied');
    await until(() => readBoard(board.doc).notes.length >= 2, 'the second note to arrive');
    expect(readBoard(board.doc).notes.map((n) => n.text).sort()).toEqual(['first idea', 'second idea']);
  });
});

describe('private writing across a crash', () => {
  let dataDir: string;
  let child: ChildServer | null = null;
  beforeAll(() => {
    dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-drafts-'));
  });
  afterAll(async () => {
    await child?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reveals every draft written before a kill -9 exactly once, and keeps the result across another kill', async () => {
    child = await startChildServer(dataDir);
    const { w, fay, ana, ben } = await workshop(child.url);
    const a = connectRoom(child, draftsRoom(w.id, ana.participantId), ana.token);
    const b = connectRoom(child, draftsRoom(w.id, ben.participantId), ben.token);
    const control = connectRoom(child, controlRoom(w.id), fay.token);
    await Promise.all([a.synced, b.synced, control.synced]);
    for (const text of ['Ana one', 'Ana two', 'Ana three']) createNote(a.doc, { text, x: 0, y: 0, authorId: ana.participantId });
    createNote(b.doc, { text: 'Ben one', x: 0, y: 0, authorId: ben.participantId });
    await until(() => readProgress(control.doc).get(ana.participantId)?.drafts === 3 && readProgress(control.doc).get(ben.participantId)?.drafts === 1, 'the drafts to be stored');
    for (const c of [a, b, control]) c.destroy();
    await child.kill('SIGKILL');

    child = await startChildServer(dataDir);
    const f = connectRoom(child, controlRoom(w.id), fay.token);
    const board = connectRoom(child, boardRoom(w.id), fay.token);
    await Promise.all([f.synced, board.synced]);
    expect(readBoard(board.doc).notes).toHaveLength(0);
    setPhase(f.doc, 'place');
    await until(() => readBoard(board.doc).notes.length === 4, 'the four drafts on the board');
    const drafts = connectRoom(child, draftsRoom(w.id, ana.participantId), ana.token);
    await drafts.synced;
    await until(() => readBoard(drafts.doc).notes.length === 0, 'Ana’s drafts to be empty');
    for (const c of [f, board, drafts]) c.destroy();
    await child.kill('SIGKILL');

    child = await startChildServer(dataDir);
    const after = connectRoom(child, boardRoom(w.id), fay.token);
    const ctl = connectRoom(child, controlRoom(w.id), fay.token);
    await Promise.all([after.synced, ctl.synced]);
    // The control room's load re-runs the reveal check; it must find nothing to add.
    await until(() => readProgress(ctl.doc).get(ana.participantId)?.drafts === 0, 'the progress to show the drafts were emptied');
    expect(readBoard(after.doc).notes.map((n) => n.text).sort()).toEqual(['Ana one', 'Ana three', 'Ana two', 'Ben one']);
    after.destroy();
    ctl.destroy();
  }, 30_000);
});
