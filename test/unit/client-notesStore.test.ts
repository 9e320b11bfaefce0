import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createNote, dragNote, moveNote, setNoteText } from '@shared/schema/board';
import { serverOrigin } from '@shared/schema/origins';
import { NotesStore } from '../../client/session/notesStore';

/** Runs scheduled flushes when the test says a frame has passed. */
function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    schedule: (run: () => void) => {
      queue.push(run);
      return () => {
        const i = queue.indexOf(run);
        if (i >= 0) queue.splice(i, 1);
      };
    },
    frame: () => queue.splice(0).forEach((run) => run()),
    pending: () => queue.length,
  };
}

const REMOTE = serverOrigin('test: another client');

function boardWithNotes(count: number) {
  const doc = new Y.Doc();
  const ids = Array.from({ length: count }, (_, i) => createNote(doc, { text: `note ${i}`, x: 0.1 * i, y: 0.2, authorId: 'a', createdAt: i }));
  return { doc, ids };
}

describe('notes store', () => {
  it('starts with every note in drawing order', () => {
    const { doc, ids } = boardWithNotes(3);
    const store = new NotesStore(doc, manualFrames().schedule);
    expect(store.get().notes.map((n) => n.id)).toEqual(ids);
  });

  it('batches many changes into one update per frame', () => {
    const { doc, ids } = boardWithNotes(3);
    const frames = manualFrames();
    const store = new NotesStore(doc, frames.schedule);
    let updates = 0;
    store.subscribe(() => updates++);
    for (let i = 0; i < 10; i++) moveNote(doc, ids[0]!, 0.01 * i, 0.5, 'b', REMOTE);
    setNoteText(doc, ids[1]!, 'changed', REMOTE);
    expect(updates).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(updates).toBe(1);
    expect(store.get().byId.get(ids[1]!)?.text).toBe('changed');
  });

  it('gives a new object only to the note that changed, so only it re-renders', () => {
    const { doc, ids } = boardWithNotes(3);
    const frames = manualFrames();
    const store = new NotesStore(doc, frames.schedule);
    const before = store.get();
    moveNote(doc, ids[1]!, -0.4, -0.4, 'b', REMOTE);
    frames.frame();
    const after = store.get();
    expect(after.notes[0]).toBe(before.notes[0]);
    expect(after.notes[2]).toBe(before.notes[2]);
    expect(after.notes[1]).not.toBe(before.notes[1]);
    expect(after.notes[1]).toMatchObject({ x: -0.4, y: -0.4 });
  });

  it('marks notes someone else is moving as active, and not our own moves', () => {
    const { doc, ids } = boardWithNotes(2);
    const frames = manualFrames();
    const store = new NotesStore(doc, frames.schedule);
    dragNote(doc, ids[0]!, 0.3, 0.3, REMOTE);
    dragNote(doc, ids[1]!, 0.3, 0.3);
    frames.frame();
    expect([...store.get().active]).toEqual([ids[0]]);
    store.destroy();
  });

  it('adds and removes notes as they are created and deleted elsewhere', () => {
    const { doc, ids } = boardWithNotes(1);
    const frames = manualFrames();
    const store = new NotesStore(doc, frames.schedule);
    const added = createNote(doc, { text: 'new', x: 0, y: 0, authorId: 'b', createdAt: 99 }, REMOTE);
    frames.frame();
    expect(store.get().notes.map((n) => n.id)).toEqual([ids[0], added]);
    doc.transact(() => doc.getMap('notes').delete(ids[0]!), REMOTE);
    frames.frame();
    expect(store.get().notes.map((n) => n.id)).toEqual([added]);
  });
});
