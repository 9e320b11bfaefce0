import { describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, deleteNotes, readBoard } from '@shared/schema/board';
import { setPhase } from '@shared/schema/control';
import { until } from '../helpers/clients';
import { useSharedServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';

const shared = useSharedServer();
const serverNotes = (id: string) => shared.server.server.deps.docs.readDoc(boardRoom(id), (d) => readBoard(d).notes);

async function boardWithAnasNote() {
  const w = await createWorkshop(shared.server.url);
  const fay = await join(shared.server.url, w, 'facilitator', 'Fay');
  const ana = await join(shared.server.url, w, 'participant', 'Ana');
  const ben = await join(shared.server.url, w, 'participant', 'Ben');
  const control = shared.connect(controlRoom(w.id), fay);
  await control.synced;
  setPhase(control.doc, 'place');
  await until(async () => (await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('phase'))) === 'place', 'the place phase');
  const a = shared.connect(boardRoom(w.id), ana);
  await a.synced;
  const noteId = createNote(a.doc, { text: 'Open salary bands', x: 0.5, y: 0.5, authorId: ana.participantId });
  await until(async () => (await serverNotes(w.id)).length === 1, 'Ana’s note on the server');
  return { w, fay, ana, ben, a, noteId };
}

describe('deleting notes', () => {
  it('refuses a participant deleting someone else’s note, and keeps the note', async () => {
    const { w, ben, noteId } = await boardWithAnasNote();
    const b = shared.connect(boardRoom(w.id), ben);
    await b.synced;
    deleteNotes(b.doc, [noteId]);
    await until(async () => b.provider.ws?.bufferedAmount === 0, 'Ben’s delete to be sent');
    // A fresh copy, synced after the server has read Ben's message, still holds the note.
    const observer = shared.connect(boardRoom(w.id), ben);
    await observer.synced;
    expect(readBoard(observer.doc).notes.map((n) => n.id)).toEqual([noteId]);
    expect((await serverNotes(w.id)).map((n) => n.id)).toEqual([noteId]);
  });

  it('lets the author delete their own note', async () => {
    const { w, a, noteId } = await boardWithAnasNote();
    deleteNotes(a.doc, [noteId]);
    await until(async () => (await serverNotes(w.id)).length === 0, 'the note to go');
  });

  it('lets a facilitator delete anyone’s note', async () => {
    const { w, fay, noteId } = await boardWithAnasNote();
    const f = shared.connect(boardRoom(w.id), fay);
    await f.synced;
    deleteNotes(f.doc, [noteId]);
    await until(async () => (await serverNotes(w.id)).length === 0, 'the note to go');
  });
});
