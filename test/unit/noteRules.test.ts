import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_TEXT_CEILING } from '@shared/limits';
import { buildNoteMap, notesOf, readBoard, readNote, replaceNotes } from '@shared/schema/board';
import { noteProblem } from '../../server/rooms/validateBoard';

// The server's validator and the readers use one set of note rules (shared/schema/note.ts):
// what the server refuses, a reader skips or repairs, and what a reader shows the server accepts.

const LIMITS = { maxNotes: 5000, maxText: 100 };

type Outcome = 'skipped' | ((note: NonNullable<ReturnType<typeof readNote>>) => void);

/** A note that breaks one rule, attached to a document (the rules look at integrated content). */
function storedNote(spoil: (note: Y.Map<unknown>) => void): Y.Map<unknown> {
  const doc = new Y.Doc();
  const note = buildNoteMap({ text: 'Intranet wiki', x: 0.5, y: 0.5, authorId: 'ana', createdAt: 1_700_000_000_000 });
  doc.transact(() => {
    notesOf(doc).set('n1', note);
    spoil(note);
  });
  return note;
}

const moves = (...entries: object[]) => Y.Array.from(entries);
const move = { from: 'technology', to: 'social-business', by: 'ana', at: 5 };

const cases: Array<{ breaks: string; spoil: (note: Y.Map<unknown>) => void; limit: boolean; read: Outcome }> = [
  { breaks: 'text too long', spoil: (n) => (n.get('text') as Y.Text).insert(0, 'x'.repeat(300)), limit: true, read: (r) => expect(r.text).toHaveLength(LIMITS.maxText) },
  { breaks: 'text not a text', spoil: (n) => n.set('text', 'plain string'), limit: false, read: 'skipped' },
  { breaks: 'text of a subtype', spoil: (n) => n.set('text', new Y.XmlText('xml')), limit: false, read: 'skipped' },
  { breaks: 'text with an embed', spoil: (n) => (n.get('text') as Y.Text).insertEmbed(0, { image: 'x' }), limit: false, read: (r) => expect(r.text).toBe('Intranet wiki') },
  { breaks: 'unknown field', spoil: (n) => n.set('secret', 'x'), limit: false, read: (r) => expect(r).not.toHaveProperty('secret') },
  { breaks: 'x not a number', spoil: (n) => n.set('x', 'left'), limit: false, read: 'skipped' },
  { breaks: 'y infinite', spoil: (n) => n.set('y', Infinity), limit: false, read: 'skipped' },
  { breaks: 'x off the world', spoil: (n) => n.set('x', 99), limit: false, read: (r) => expect(r.x).toBe(3) },
  { breaks: 'colour not in the palette', spoil: (n) => n.set('color', 'tartan'), limit: false, read: (r) => expect(r.color).toBe('yellow') },
  { breaks: 'author not a string', spoil: (n) => n.set('authorId', 7), limit: false, read: 'skipped' },
  { breaks: 'author too long', spoil: (n) => n.set('authorId', 'a'.repeat(65)), limit: false, read: 'skipped' },
  { breaks: 'createdAt missing', spoil: (n) => n.delete('createdAt'), limit: false, read: 'skipped' },
  { breaks: 'moves not a list', spoil: (n) => n.set('moves', 'many'), limit: false, read: (r) => expect(r.moves).toEqual([]) },
  { breaks: 'a move to nowhere', spoil: (n) => n.set('moves', moves(move, { ...move, to: 'nowhere' })), limit: false, read: (r) => expect(r.moves).toEqual([move]) },
  { breaks: 'a mover id too long', spoil: (n) => n.set('moves', moves({ ...move, by: 'b'.repeat(65) }, move)), limit: false, read: (r) => expect(r.moves).toEqual([move]) },
  { breaks: 'a move with an extra field', spoil: (n) => n.set('moves', moves({ ...move, note: 'x' })), limit: false, read: (r) => expect(r.moves).toEqual([]) },
  { breaks: 'too many moves', spoil: (n) => n.set('moves', moves(...Array.from({ length: 1001 }, () => move))), limit: true, read: (r) => expect(r.moves).toHaveLength(1000) },
  { breaks: 'locked not a boolean', spoil: (n) => n.set('locked', 'yes'), limit: false, read: (r) => expect(r.locked).toBe(false) },
  { breaks: 'comments not a list', spoil: (n) => n.set('comments', 'x'), limit: false, read: (r) => expect(r.comments).toEqual([]) },
  {
    breaks: 'a takeaway too long',
    spoil: (n) => n.set('comments', Y.Array.from([new Y.Map<unknown>(Object.entries({ id: 'c1', kind: 'note', text: 't'.repeat(300), authorId: 'ana', createdAt: 1 }))])),
    limit: true,
    read: (r) => expect(r.comments[0]!.text).toHaveLength(LIMITS.maxText),
  },
  {
    breaks: 'a takeaway of an unknown kind',
    spoil: (n) => n.set('comments', Y.Array.from([new Y.Map<unknown>(Object.entries({ id: 'c1', kind: 'verdict', text: 'x', authorId: 'ana', createdAt: 1 }))])),
    limit: false,
    read: (r) => expect(r.comments).toEqual([]),
  },
];

describe('one set of note rules for the server and the readers', () => {
  it('accepts an ordinary note and reads it exactly as stored', () => {
    const note = storedNote(() => undefined);
    expect(noteProblem(note, LIMITS)).toBeNull();
    expect(readNote('n1', note, LIMITS)).toEqual({
      id: 'n1',
      text: 'Intranet wiki',
      x: 0.5,
      y: 0.5,
      color: 'yellow',
      authorId: 'ana',
      createdAt: 1_700_000_000_000,
      moves: [],
      locked: false,
      comments: [],
    });
  });

  for (const c of cases) {
    it(`refuses a note whose ${c.breaks}; readers ${c.read === 'skipped' ? 'skip it' : 'repair it into a note the server accepts'}`, () => {
      const note = storedNote(c.spoil);
      const problem = noteProblem(note, LIMITS);
      expect(problem).not.toBeNull();
      // A limit keeps the writer's socket; content that breaks the schema does not.
      expect(problem!.rule).toBe(c.limit);
      const read = readNote('n1', note, LIMITS);
      if (c.read === 'skipped') {
        expect(read).toBeNull();
        return;
      }
      expect(read).not.toBeNull();
      c.read(read!);
      const rewritten = new Y.Doc();
      replaceNotes(rewritten, [read!]);
      expect(noteProblem(notesOf(rewritten).get('n1'), LIMITS)).toBeNull();
      expect(readNote('n1', notesOf(rewritten).get('n1'), LIMITS)).toEqual(read);
    });
  }

  it('skips a note whose id the server would refuse', () => {
    const doc = new Y.Doc();
    doc.transact(() => notesOf(doc).set('i'.repeat(65), buildNoteMap({ text: 'x', x: 0, y: 0, authorId: 'ana' })));
    expect(readBoard(doc)).toMatchObject({ notes: [], malformed: 1 });
  });

  it('readers not told the limits cut nothing a configured MAX_TEXT allows, only beyond the configuration’s ceiling', () => {
    const long = storedNote((n) => (n.get('text') as Y.Text).insert(0, 'x'.repeat(800)));
    expect(noteProblem(long, { maxNotes: 5000, maxText: 1000 })).toBeNull();
    expect(readNote('n1', long)!.text).toHaveLength(800 + 'Intranet wiki'.length);
    const huge = storedNote((n) => (n.get('text') as Y.Text).insert(0, 'x'.repeat(MAX_TEXT_CEILING + 1)));
    expect(readNote('n1', huge)!.text).toHaveLength(MAX_TEXT_CEILING);
  });
});
