import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { boardRoom } from '@shared/rooms';
import { buildNoteMap, createNote, deleteNotes, moveNote, notesOf, readBoard, setNoteLocked } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { isSync, openRaw, permissionDeniedReason, SYNC, syncFrame, type RawClient } from '../helpers/rawSocket';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_MESSAGES_PER_SECOND: '1000' } });
});
afterAll(() => server.close());

interface Scene {
  w: CreatedWorkshop;
  fay: Joined;
  ana: Joined;
  eve: Joined;
  f: RoomClient;
  a: RoomClient;
}

async function scene(): Promise<Scene> {
  const w = await createWorkshop(server.url);
  const fay = await join(server.url, w, 'facilitator', 'Fay');
  const [ana, eve] = await Promise.all(['Ana', 'Eve'].map((n) => join(server.url, w, 'participant', n)));
  const f = connectRoom(server, boardRoom(w.id), fay.token);
  const a = connectRoom(server, boardRoom(w.id), ana!.token);
  await Promise.all([f.synced, a.synced]);
  return { w, fay, ana: ana!, eve: eve!, f, a };
}

/** The room's live document on the server, to check what it holds. */
function serverDoc(s: Scene): Y.Doc {
  const room = server.server.rooms.rooms.get(boardRoom(s.w.id));
  if (!room) throw new Error('board room not loaded');
  return room.doc;
}

function expectNothingPending(s: Scene): void {
  const store = serverDoc(s).store;
  expect(store.pendingStructs).toBeNull();
  expect(store.pendingDs).toBeNull();
}

const syncUpdate = (update: Uint8Array) => syncFrame(SYNC.update, update);
const syncStep2 = (update: Uint8Array) => syncFrame(SYNC.step2, update);
const isSyncStep1 = (m: Uint8Array) => isSync(m, SYNC.step1);

async function rawAs(s: Scene, who: Joined): Promise<RawClient> {
  const raw = openRaw(server.wsUrl, boardRoom(s.w.id), who.token);
  await raw.open;
  // The server greets every socket with its sync step 1; wait for it so later ones can be counted.
  await until(() => raw.received.some(isSyncStep1), 'the server’s greeting');
  // Answer it as any client does (with nothing), so the server's later requests can be told apart.
  raw.ws.send(syncStep2(Y.encodeStateAsUpdate(new Y.Doc())));
  return raw;
}

/** A copy of the server's board as a client would hold it, so an attacker can build on it. */
async function copyOfBoard(s: Scene): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(s.a.doc));
  return doc;
}

describe('admission: nothing pending', () => {
  it('applies none of an update that builds on history the server lacks, asks for it, and keeps a locked note locked when the facilitator drags next', async () => {
    const s = await scene();
    const id = createNote(s.f.doc, { text: 'Agreed: pilot in Q3', x: 0.5, y: 0.5, authorId: s.ana.participantId });
    setNoteLocked(s.f.doc, id, true);
    await until(() => readBoard(s.a.doc).notes[0]?.locked === true, 'Ana to see the locked note');

    // Eve writes a note under one client id she never sends, then, under a second id, first
    // types into that hidden note and then edits and unlocks the locked one: all of the second
    // id's structs wait on the first, so Yjs would keep them pending, unchecked.
    const eveDoc = await copyOfBoard(s);
    const hidden = createNote(eveDoc, { text: 'hidden base', x: -0.5, y: -0.5, authorId: s.eve.participantId });
    const afterBase = Y.encodeStateVector(eveDoc);
    eveDoc.clientID = eveDoc.clientID + 1;
    eveDoc.transact(() => {
      (notesOf(eveDoc).get(hidden)!.get('text') as Y.Text).insert(11, '!');
      const note = notesOf(eveDoc).get(id)!;
      (note.get('text') as Y.Text).insert(0, 'NOT ');
      note.set('locked', false);
      notesOf(eveDoc).set('forged', buildNoteMap({ text: 'in Fay’s name', x: 0, y: 0, authorId: s.fay.participantId }));
    });
    const dependent = Y.encodeStateAsUpdate(eveDoc, afterBase);

    const raw = await rawAs(s, s.eve);
    const greetings = raw.received.filter(isSyncStep1).length;
    raw.ws.send(syncUpdate(dependent));
    await until(() => raw.received.filter(isSyncStep1).length > greetings, 'the server to ask Eve for her missing history');
    expectNothingPending(s);

    // The facilitator's next drag must not carry Eve's change in.
    moveNote(s.f.doc, id, 0.6, 0.6, s.fay.participantId);
    await until(() => readBoard(s.a.doc).notes.find((n) => n.id === id)?.x === 0.6, 'Ana to see the facilitator’s drag');
    const seen = readBoard(s.a.doc).notes;
    expect(seen.map((n) => n.text)).toEqual(['Agreed: pilot in Q3']);
    expect(seen[0]!.locked).toBe(true);
    expect(s.f.provider.wsconnected).toBe(true);
    expectNothingPending(s);
    raw.ws.close();
    s.f.destroy();
    s.a.destroy();
  });

  it('applies no deletion of content the server has never seen', async () => {
    const s = await scene();
    createNote(s.a.doc, { text: 'Open salary bands', x: -0.5, y: 0.5, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'the note on the server');
    // A delete set naming clocks far past anything written, under a client id nobody has used.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // no structs
    encoding.writeVarUint(e, 1); // one client in the delete set
    encoding.writeVarUint(e, 987654);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1_000_000);
    encoding.writeVarUint(e, 5_000_000);
    const raw = await rawAs(s, s.eve);
    const greetings = raw.received.filter(isSyncStep1).length;
    raw.ws.send(syncUpdate(encoding.toUint8Array(e)));
    await until(() => raw.received.filter(isSyncStep1).length > greetings, 'the server to ask for the missing history');
    expectNothingPending(s);
    createNote(s.a.doc, { text: 'still fast', x: 0.5, y: 0.5, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 2, 'the next note');
    raw.ws.close();
    s.f.destroy();
    s.a.destroy();
  });

  it('closes a connection that keeps sending incomplete updates after a bounded number', async () => {
    const s = await scene();
    const eveDoc = await copyOfBoard(s);
    createNote(eveDoc, { text: 'never sent', x: 0, y: 0, authorId: s.eve.participantId });
    const base = Y.encodeStateVector(eveDoc);
    createNote(eveDoc, { text: 'depends on it', x: 0, y: 0, authorId: s.eve.participantId });
    const dependent = syncUpdate(Y.encodeStateAsUpdate(eveDoc, base));
    const raw = await rawAs(s, s.eve);
    // The first is answered with a request for the missing history; while that is due, the rest are dropped, up to a bound.
    for (let i = 0; i < 1600; i++) raw.ws.send(dependent);
    const closed = await raw.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/incomplete/);
    expect(readBoard(serverDoc(s)).notes).toHaveLength(0);
    s.f.destroy();
    s.a.destroy();
  });
});

describe('admission: client ids belong to people', () => {
  it('refuses structs under another participant’s client id, so their offline work still arrives', async () => {
    const s = await scene();
    createNote(s.a.doc, { text: 'Ana’s first note', x: -0.5, y: 0.5, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'Ana’s first note on the server');
    // Ana goes offline and writes a note; Eve writes one struct under Ana's client id at Ana's next clock.
    s.a.provider.disconnect();
    createNote(s.a.doc, { text: 'written offline', x: 0.5, y: 0.5, authorId: s.ana.participantId });
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(serverDoc(s)));
    // Taken after the copy, or Yjs would pick a new id on seeing its own in a remote update.
    forged.clientID = s.a.doc.clientID;
    createNote(forged, { text: 'squatter', x: 0, y: 0, authorId: s.eve.participantId });
    const raw = await rawAs(s, s.eve);
    raw.ws.send(syncUpdate(Y.encodeStateAsUpdate(forged, Y.encodeStateVector(serverDoc(s)))));
    await until(() => raw.received.some((m) => permissionDeniedReason(m) !== null), 'Eve to be refused');
    expect(raw.received.map(permissionDeniedReason).find((r) => r)).toMatch(/another person’s client id/);

    s.a.provider.connect();
    await until(() => readBoard(s.f.doc).notes.some((n) => n.text === 'written offline'), 'the facilitator to see Ana’s offline note');
    expect(readBoard(s.f.doc).notes.map((n) => n.text).sort()).toEqual(['Ana’s first note', 'written offline']);
    raw.ws.close();
    s.f.destroy();
    s.a.destroy();
  });

  it('remembers whose client id it is across a restart', async () => {
    const restartable = await startTestServer();
    {
      const w2 = await createWorkshop(restartable.url);
      const ana = await join(restartable.url, w2, 'participant', 'Ana');
      const eve = await join(restartable.url, w2, 'participant', 'Eve');
      const a = connectRoom(restartable, boardRoom(w2.id), ana.token);
      await a.synced;
      createNote(a.doc, { text: 'mine', x: 0, y: 0, authorId: ana.participantId });
      await until(() => restartable.server.rooms.rooms.get(boardRoom(w2.id))!.doc.getMap('notes').size === 1, 'the note stored');
      const clientId = a.doc.clientID;
      a.destroy();
      const dataDir = restartable.dataDir;
      await restartable.close({ keepData: true });
      const again = await startTestServer({ dataDir });
      try {
        const e = connectRoom(again, boardRoom(w2.id), eve.token);
        await e.synced;
        const forged = new Y.Doc();
        Y.applyUpdate(forged, Y.encodeStateAsUpdate(e.doc));
        forged.clientID = clientId;
        const sv = Y.encodeStateVector(forged);
        createNote(forged, { text: 'as Ana', x: 0, y: 0, authorId: eve.participantId });
        const raw = openRaw(again.wsUrl, boardRoom(w2.id), eve.token);
        await raw.open;
        raw.ws.send(syncUpdate(Y.encodeStateAsUpdate(forged, sv)));
        await until(() => raw.received.some((m) => permissionDeniedReason(m) !== null), 'Eve to be refused after the restart');
        expect(readBoard(e.doc).notes.map((n) => n.text)).toEqual(['mine']);
        raw.ws.close();
        e.destroy();
      } finally {
        await again.close();
      }
    }
  });
});

describe('admission: validation sees every level', () => {
  it('refuses a note whose moves hold a deep chain of nested arrays, and the board stays deletable', async () => {
    const s = await scene();
    const mine = createNote(s.a.doc, { text: 'mine', x: 0, y: 0, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'Ana’s note on the server');
    const eveDoc = await copyOfBoard(s);
    const sv = Y.encodeStateVector(eveDoc);
    eveDoc.transact(() => {
      const note = buildNoteMap({ text: 'bomb', x: 0, y: 0, authorId: s.eve.participantId });
      notesOf(eveDoc).set('bomb', note);
      let level = note.get('moves') as Y.Array<unknown>;
      for (let i = 0; i < 2000; i++) {
        const next = new Y.Array<unknown>();
        level.push([next]);
        level = next;
      }
    });
    const raw = await rawAs(s, s.eve);
    raw.ws.send(syncUpdate(Y.encodeStateAsUpdate(eveDoc, sv)));
    const closed = await raw.closed;
    expect(closed.code).toBe(4422);
    expect(closed.reason).toMatch(/nested|move/);
    expect(notesOf(serverDoc(s)).has('bomb')).toBe(false);
    deleteNotes(s.f.doc, [mine]);
    await until(() => readBoard(s.a.doc).notes.length === 0, 'the facilitator’s delete to reach Ana');
    expect(s.f.provider.wsconnected).toBe(true);
    s.f.destroy();
    s.a.destroy();
  });

  it('refuses a move log entry that is a nested type created in the same transaction', async () => {
    const s = await scene();
    const id = createNote(s.a.doc, { text: 'mine', x: 0, y: 0, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'Ana’s note on the server');
    s.a.doc.transact(() => {
      const moves = notesOf(s.a.doc).get(id)!.get('moves') as Y.Array<unknown>;
      const inner = new Y.Map<unknown>();
      moves.push([inner]);
      inner.set('junk', new Y.Array());
    });
    const closed = await s.a.closed;
    expect(closed.code).toBe(4422);
    expect(readBoard(serverDoc(s)).notes[0]!.moves).toEqual([]);
    s.f.destroy();
    s.a.destroy();
  });

  it('refuses text with embedded types or formatting', async () => {
    const s = await scene();
    const id = createNote(s.a.doc, { text: 'mine', x: 0, y: 0, authorId: s.ana.participantId });
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'Ana’s note on the server');
    (notesOf(s.a.doc).get(id)!.get('text') as Y.Text).format(0, 2, { bold: true });
    const closed = await s.a.closed;
    expect(closed.code).toBe(4422);
    s.f.destroy();
    s.a.destroy();
  });

  it('lets participants delete only their own notes, and facilitators any', async () => {
    const s = await scene();
    const fays = createNote(s.f.doc, { text: 'the facilitator’s', x: 0, y: 0, authorId: s.fay.participantId });
    const anas = createNote(s.a.doc, { text: 'Ana’s', x: 0.5, y: 0, authorId: s.ana.participantId });
    await until(() => readBoard(s.a.doc).notes.length === 2, 'Ana to see both notes');
    deleteNotes(s.a.doc, [fays]);
    await until(() => s.a.denied.length > 0, 'Ana to be refused');
    expect(s.a.denied[0]).toMatch(/only delete your own/);
    expect(readBoard(serverDoc(s)).notes).toHaveLength(2);
    deleteNotes(s.f.doc, [anas]);
    await until(() => readBoard(serverDoc(s)).notes.length === 1, 'the facilitator’s delete');
    s.f.destroy();
    s.a.destroy();
  });
});
