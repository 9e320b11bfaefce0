import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WORLD } from '@shared/matrix';
import { MAX_TEXT_CEILING } from '@shared/limits';
import { buildNoteMap, notesOf, readBoard, readNote } from '@shared/schema/board';
import { participantsOf, progressOf, readParticipants, readProgress, readSession, readVotes, sessionOf, votesOf } from '@shared/schema/control';
import { computeSummary } from '@shared/summary/compute';
import { renderCsv } from '@shared/summary/csv';
import { renderMarkdown } from '@shared/summary/markdown';
import { renderSvg } from '@shared/summary/svg';

/** A board document as a hostile writer could leave it: every field of every kind of wrong. */
function hostileBoard(): Y.Doc {
  const doc = new Y.Doc();
  const notes = notesOf(doc);
  const good = (id: string, fill: (m: Y.Map<unknown>) => void = () => undefined) => {
    const m = buildNoteMap({ text: id, x: 0.5, y: 0.5, authorId: 'ana', createdAt: 1_700_000_000_000 });
    notes.set(id, m);
    fill(m);
  };
  doc.transact(() => {
    good('fine');
    good('text-number', (m) => m.set('text', 12345));
    good('text-huge', (m) => m.set('text', new Y.Text('a'.repeat(100_000))));
    good('x-string', (m) => m.set('x', 'left'));
    good('y-nan', (m) => m.set('y', NaN));
    good('x-infinite', (m) => m.set('x', Infinity));
    good('x-far', (m) => {
      m.set('x', 1e308);
      m.set('y', -1e308);
    });
    good('color-unknown', (m) => m.set('color', '<script>alert(1)</script>'));
    good('author-object', (m) => m.set('authorId', { id: 'x' }));
    good('created-string', (m) => m.set('createdAt', 'yesterday'));
    good('moves-garbage', (m) => {
      const moves = new Y.Array<unknown>();
      moves.push([null, 7, 'x', { from: 'technology', to: 'nowhere', by: 'a', at: 1 }, { from: 'technology', to: 'social-business', by: 'b'.repeat(10_000), at: 5 }, { from: 'unplaced', to: 'technology', by: 'c', at: NaN }, { from: 'technology', to: 'social-business', by: 'b', at: 6 }]);
      m.set('moves', moves);
    });
    good('moves-not-array', (m) => m.set('moves', 'many'));
    good('locked-string', (m) => m.set('locked', 'yes'));
    good('__proto__');
    notes.set('plain-object', { text: 'x', x: 0, y: 0 } as never);
    notes.set('number', 42 as never);
    notes.set('array', new Y.Array() as never);
    notes.set('text-type', new Y.Text('hi') as never);
  });
  return doc;
}

describe('readers facing a hostile document', () => {
  it('reads the good notes, clamps or defaults what it can and counts the rest as malformed, without throwing', () => {
    const board = readBoard(hostileBoard());
    const ids = board.notes.map((n) => n.id).sort();
    expect(ids).toEqual(
      ['__proto__', 'color-unknown', 'fine', 'locked-string', 'moves-garbage', 'moves-not-array', 'text-huge', 'x-far'].sort(),
    );
    expect(board.malformed).toBe(10);
    const byId = new Map(board.notes.map((n) => [n.id, n]));
    expect(byId.get('text-huge')!.text).toHaveLength(MAX_TEXT_CEILING);
    expect(byId.get('x-far')).toMatchObject({ x: WORLD.maxX, y: WORLD.minY });
    expect(byId.get('color-unknown')!.color).toBe('yellow');
    expect(byId.get('locked-string')!.locked).toBe(false);
    expect(byId.get('moves-not-array')!.moves).toEqual([]);
    const moves = byId.get('moves-garbage')!.moves;
    expect(moves).toHaveLength(1);
    expect(moves[0]).toEqual({ from: 'technology', to: 'social-business', by: 'b', at: 6 });
    expect(Object.getPrototypeOf(byId.get('__proto__'))).toBe(Object.prototype);
  });

  it('returns null for a note value that is not a note map at all', () => {
    for (const value of [undefined, null, 0, 'note', {}, [], new Y.Array(), new Y.Text('x')]) expect(readNote('id', value)).toBeNull();
  });

  it('turns a hostile control document into safe defaults', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      const s = sessionOf(doc);
      s.set('phase', 'world-domination');
      s.set('locked', 'true');
      s.set('timer', { durationMs: -5, startedAt: 'now' });
      s.set('voting', { perParticipant: 1e9, severalPerNote: 'yes', totalsVisible: 1 });
      s.set('presenterId', 42);
      s.set('spotlightNoteId', { id: 'x' });
      const p = participantsOf(doc);
      p.set('long', { name: 'N'.repeat(10_000), role: 'participant', joinedAt: 1 });
      p.set('badRole', { name: 'Eve', role: 'admin', joinedAt: 2 });
      p.set('noName', { role: 'viewer', joinedAt: 3 });
      p.set('string', 'hello');
      const v = votesOf(doc);
      v.set('neg', -3);
      v.set('nan', NaN);
      v.set('str', '7');
      v.set('frac', 2.7);
      const g = progressOf(doc);
      g.set('weird', { drafts: -4, done: 'yes', votes: 'many' });
      g.set('null', null);
    });
    const session = readSession(doc);
    expect(session).toMatchObject({ phase: 'collect', locked: false, timer: null, presenterId: null, spotlightNoteId: null });
    expect(session.voting.perParticipant).toBeLessThanOrEqual(20);
    expect(session.voting.severalPerNote).toBe(false);
    const people = readParticipants(doc);
    expect(people.map((p) => p.id)).toEqual(['long']);
    expect(people[0]!.name).toHaveLength(40);
    expect([...readVotes(doc)]).toEqual([['frac', 2]]);
    expect(readProgress(doc).get('weird')).toEqual({ drafts: 0, done: false });
    expect(readProgress(doc).has('null')).toBe(false);
  });

  it('builds and renders a summary of a hostile board without throwing or leaking markup', () => {
    const board = readBoard(hostileBoard());
    const summary = computeSummary({
      workshop: { id: 'w1', title: '<b>Title</b> =cmd|', createdAt: 1_700_000_000_000 },
      board,
      participants: [],
      votes: new Map([['fine', 3], ['unknown-note', 1e12]]),
      generatedAt: 1_700_000_100_000,
      timeZone: 'Not/AZone',
    });
    expect(summary.totals).toMatchObject({ notes: board.notes.length, malformed: 10 });
    expect(summary.timeZone).toBe('UTC');
    // A vote for a note that is not on the board does not count.
    expect(summary.totals.votes).toBe(3);
    const svg = renderSvg(summary);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>Title</b>');
    expect(() => renderMarkdown(summary)).not.toThrow();
    expect(() => renderCsv(summary)).not.toThrow();
  });
});
