import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createNote, moveNote, notesOf, readBoard, setNoteText } from '@shared/schema/board';

describe('board schema', () => {
  it('reads back a note that was created', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { text: 'Intranet wiki', x: -0.5, y: -0.4, authorId: 'ana', color: 'blue' });
    const { notes, malformed } = readBoard(doc);
    expect(malformed).toBe(0);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ id, text: 'Intranet wiki', x: -0.5, y: -0.4, authorId: 'ana', color: 'blue' });
  });

  it('skips and counts malformed notes without throwing', () => {
    const doc = new Y.Doc();
    createNote(doc, { text: 'good', x: 0, y: 0, authorId: 'a' });
    const notes = notesOf(doc);
    doc.transact(() => {
      notes.set('plain-object', { text: 'x' } as never);
      const noText = new Y.Map<unknown>();
      noText.set('x', 0);
      noText.set('y', 0);
      notes.set('no-text', noText);
      const badCoords = new Y.Map<unknown>();
      badCoords.set('text', new Y.Text('hi'));
      badCoords.set('x', 'left');
      badCoords.set('y', 0);
      badCoords.set('authorId', 'a');
      badCoords.set('createdAt', 1);
      notes.set('bad-coords', badCoords);
    });
    const { notes: read, malformed } = readBoard(doc);
    expect(read.map((n) => n.text)).toEqual(['good']);
    expect(malformed).toBe(3);
  });

  it('clamps absurd coordinates and overlong text when reading', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { text: 'a', x: 0, y: 0, authorId: 'a' });
    const map = notesOf(doc).get(id)!;
    doc.transact(() => {
      map.set('x', 1e9);
      (map.get('text') as Y.Text).insert(0, 'z'.repeat(2000));
    });
    const note = readBoard(doc, { maxText: 500 }).notes[0]!;
    expect(note.x).toBe(3);
    expect(note.text.length).toBe(500);
    expect(readBoard(doc, { maxText: 1000 }).notes[0]!.text.length).toBe(1000);
  });

  it('records a move only when the note changes quadrant', () => {
    const doc = new Y.Doc();
    const id = createNote(doc, { x: 1.5, y: 0, authorId: 'a' });
    moveNote(doc, id, 0.5, 0.5, 'ana');
    moveNote(doc, id, 0.6, 0.4, 'ana');
    moveNote(doc, id, -0.5, 0.5, 'ben');
    const moves = readBoard(doc).notes[0]!.moves;
    expect(moves.map((m) => [m.from, m.to, m.by])).toEqual([
      ['unplaced', 'product-resonance', 'ana'],
      ['product-resonance', 'collective-values', 'ben'],
    ]);
  });

  it('edits text minimally so concurrent edits both survive', () => {
    const a = new Y.Doc();
    const id = createNote(a, { text: 'customer forum', x: 0, y: 0, authorId: 'a' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setNoteText(a, id, 'Customer forum');
    setNoteText(b, id, 'customer forum 2024');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readBoard(a).notes[0]!.text).toBe('Customer forum 2024');
  });
});
