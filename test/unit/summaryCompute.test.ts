import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Placement } from '@shared/matrix';
import { createNote, notesOf, readBoard, type Move, type Note } from '@shared/schema/board';
import type { Participant } from '@shared/schema/control';
import { computeSummary, quadrantChanges, type SummaryInput } from '@shared/summary/compute';
import { PEOPLE, sampleWorkshopInput } from '../fixtures/summaryWorkshop';

const T0 = Date.UTC(2025, 2, 12, 8, 0);

function note(id: string, x: number, y: number, extra: Partial<Note> = {}): Note {
  return { id, text: `note ${id}`, x, y, color: 'yellow', authorId: 'p-ben', createdAt: T0 + Number(id.replace(/\D/g, '') || 0) * 1000, moves: [], locked: false, comments: [], ...extra };
}

function input(notes: Note[], extra: Partial<SummaryInput> = {}): SummaryInput {
  return {
    workshop: { id: 'w1', title: 'Test workshop', createdAt: T0 - 86_400_000 },
    board: { notes, malformed: 0 },
    participants: PEOPLE,
    votes: new Map(),
    generatedAt: T0 + 3_600_000,
    timeZone: 'UTC',
    ...extra,
  };
}

const mv = (from: Placement, to: Placement, by = 'p-ana', minute = 1): Move => ({ from, to, by, at: T0 + minute * 60_000 });

describe('session summary computation', () => {
  it('summarises an empty board without inventing numbers', () => {
    const s = computeSummary(input([]));
    expect(s.schemaVersion).toBe(1);
    expect(s.totals).toEqual({ notes: 0, placed: 0, unplaced: 0, votes: 0, malformed: 0 });
    expect(Object.values(s.paths).map((p) => [p.count, p.share])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(s.balance.centroid).toBeNull();
    expect(s.balance.sentence).toMatch(/No note has been placed/);
    expect(s.topVoted).toEqual([]);
    expect(s.toDiscuss).toEqual([]);
    expect(s.activity).toBeNull();
    expect(s.workshop.date).toBe('2025-03-11');
  });

  it('lists paths in matrix order with the article-derived help texts', () => {
    const s = computeSummary(input([]));
    expect(Object.keys(s.paths)).toEqual(['collective-values', 'product-resonance', 'technology', 'social-business']);
    expect(s.paths.technology.promoters).toMatch(/IT/);
    expect(s.paths['collective-values'].engagesIdentity).toBe(true);
    expect(s.paths['social-business'].engagesIdentity).toBe(false);
  });

  it('puts notes exactly on the axes on the external and meaning sides, and on the fence', () => {
    const s = computeSummary(input([note('n1', 0, 0), note('n2', 0, -0.5), note('n3', -0.5, 0)]));
    expect(s.paths['product-resonance'].notes.map((n) => n.id)).toEqual(['n1']);
    expect(s.paths['social-business'].notes.map((n) => n.id)).toEqual(['n2']);
    expect(s.paths['collective-values'].notes.map((n) => n.id)).toEqual(['n3']);
    expect(s.toDiscuss.map((d) => [d.note.id, d.reasons])).toEqual([
      ['n1', ['on-fence']],
      ['n2', ['on-fence']],
      ['n3', ['on-fence']],
    ]);
    const byId = Object.fromEntries(s.toDiscuss.map((d) => [d.note.id, d.note.fenceBetween]));
    expect(byId.n1).toEqual(['collective-values', 'product-resonance', 'technology', 'social-business']);
    expect(byId.n2).toEqual(['technology', 'social-business']);
    expect(byId.n3).toEqual(['collective-values', 'technology']);
  });

  it('counts ties at x = 0 as external and at y = 0 as meaning in the balance', () => {
    const s = computeSummary(input([note('n1', 0, 0), note('n2', -0.5, -0.5), note('n3', 0.5, 0), note('n4', 0, -0.5)]));
    expect(s.balance.external).toEqual({ count: 3, share: 0.75 });
    expect(s.balance.meaning).toEqual({ count: 2, share: 0.5 });
    expect(s.balance.identity).toEqual({ count: 2, share: 0.5 });
    expect(s.balance.centroid).toMatchObject({ x: 0, y: -0.25, position: { external: 50, meaning: 38 }, quadrant: 'social-business' });
  });

  it('reports note positions as percentages along each axis', () => {
    const s = computeSummary(input([note('n1', -0.5, 0.8)]));
    expect(s.paths['collective-values'].notes[0]!.position).toEqual({ external: 25, meaning: 90 });
  });

  it('keeps unplaced notes out of the paths and the shares', () => {
    const s = computeSummary(input([note('n1', 1.6, 0.5), note('n2', -0.5, 0.5), note('n3', 0.2, -1.2)]));
    expect(s.unplaced.map((n) => n.id)).toEqual(['n1', 'n3']);
    expect(s.unplaced.every((n) => n.position === null && !n.placed && n.placement === 'unplaced')).toBe(true);
    expect(s.totals).toMatchObject({ notes: 3, placed: 1, unplaced: 2 });
    expect(s.paths['collective-values'].share).toBe(1);
  });

  it('skips malformed notes, counts them and says so', () => {
    const doc = new Y.Doc();
    createNote(doc, { text: 'fine', x: 0.5, y: 0.5, authorId: 'p-ben', createdAt: T0 });
    doc.transact(() => {
      notesOf(doc).set('junk', 'not a note' as never);
      const noText = new Y.Map<unknown>();
      noText.set('x', 0);
      notesOf(doc).set('no-text', noText);
    });
    const board = readBoard(doc);
    const absurdDate = note('n9', 0.1, 0.1, { createdAt: 1e17 });
    const s = computeSummary(input([...board.notes, absurdDate], { board: { notes: [...board.notes, absurdDate], malformed: board.malformed } }));
    expect(s.totals.notes).toBe(1);
    expect(s.totals.malformed).toBe(3);
    expect(s.notices).toEqual(['3 notes could not be read and are left out of this summary.']);
  });

  it('sorts each path by votes, then by creation', () => {
    const votes = new Map([
      ['n3', 2],
      ['n1', 1],
      ['n2', 2],
    ]);
    const s = computeSummary(input([note('n1', -0.5, 0.5), note('n2', -0.4, 0.5), note('n3', -0.3, 0.5), note('n4', -0.2, 0.5)], { votes }));
    expect(s.paths['collective-values'].notes.map((n) => `${n.id}:${n.votes}`)).toEqual(['n2:2', 'n3:2', 'n1:1', 'n4:0']);
    expect(s.totals.votes).toBe(5);
  });

  it('shows the top five voted notes, widened to every note tied with the fifth', () => {
    const notes = Array.from({ length: 8 }, (_, i) => note(`n${i + 1}`, 0.5, 0.5));
    const votes = new Map([
      ['n1', 5],
      ['n2', 4],
      ['n3', 3],
      ['n4', 2],
      ['n5', 1],
      ['n6', 1],
      ['n7', 1],
    ]);
    const s = computeSummary(input(notes, { votes }));
    expect(s.topVoted.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    const few = computeSummary(input(notes, { votes: new Map([['n8', 1]]) }));
    expect(few.topVoted.map((n) => n.id)).toEqual(['n8']);
  });

  it('ignores votes for notes that are no longer on the board', () => {
    const s = computeSummary(input([note('n1', 0.5, 0.5)], { votes: new Map([['gone', 4]]) }));
    expect(s.totals.votes).toBe(0);
  });

  it('withholds vote totals from readers who may not see them yet', () => {
    const s = computeSummary(input([note('n1', 0.5, 0.5)], { votes: new Map([['n1', 3]]), votesHidden: true }));
    expect(s.votesHidden).toBe(true);
    expect(s.paths['product-resonance'].notes[0]!.votes).toBe(0);
    expect(s.topVoted).toEqual([]);
  });

  it('counts changes of quadrant, treating a stay in the parking area as no change of its own', () => {
    expect(quadrantChanges([mv('unplaced', 'technology')])).toBe(0);
    expect(quadrantChanges([mv('unplaced', 'technology'), mv('technology', 'collective-values')])).toBe(1);
    expect(quadrantChanges([mv('technology', 'unplaced'), mv('unplaced', 'technology')])).toBe(0);
    expect(quadrantChanges([mv('technology', 'unplaced'), mv('unplaced', 'social-business'), mv('social-business', 'technology')])).toBe(2);
  });

  it('lists notes that moved between quadrants twice or more to discuss, with their move history', () => {
    const moved = note('n1', -0.5, 0.5, { moves: [mv('unplaced', 'technology', 'p-ben', 1), mv('technology', 'collective-values', 'p-ana', 42), mv('collective-values', 'technology', 'p-zoe', 50), mv('technology', 'collective-values', 'p-ana', 51)] });
    const once = note('n2', 0.5, 0.5, { moves: [mv('unplaced', 'technology', 'p-ben', 1), mv('technology', 'product-resonance', 'p-ana', 2)] });
    const s = computeSummary(input([moved, once]));
    expect(s.toDiscuss.map((d) => [d.note.id, d.reasons, d.note.quadrantChanges])).toEqual([['n1', ['moved'], 3]]);
    expect(s.toDiscuss[0]!.note.moves[1]).toEqual({ from: 'technology', to: 'collective-values', byId: 'p-ana', by: 'Ana', at: '2025-03-12T08:42:00.000Z' });
  });

  it('spans the activity from the first note to the last move', () => {
    const s = computeSummary(input([note('n1', 0.5, 0.5, { moves: [mv('unplaced', 'product-resonance', 'p-ana', 90)] }), note('n2', 0.5, 0.5)]));
    expect(s.activity).toEqual({ from: '2025-03-12T08:00:01.000Z', to: '2025-03-12T09:30:00.000Z' });
    expect(s.workshop.date).toBe('2025-03-12');
  });

  it('names facilitators and participants, and counts notes and votes per person without tying votes to notes', () => {
    const s = computeSummary(sampleWorkshopInput());
    expect(s.facilitators).toEqual(['Ana']);
    expect(s.participants).toEqual({ count: 5, names: ['Ben', 'Chloé', 'Dmitri', 'Yuki 東京', 'Zoë'] });
    const rows = Object.fromEntries(s.participation.map((r) => [r.name, [r.notes, r.votes]]));
    expect(rows).toEqual({ Ana: [1, 3], Ben: [4, 3], Chloé: [3, 3], Dmitri: [4, 3], 'Yuki 東京': [2, 3], Zoë: [3, 3] });
    expect(JSON.stringify(s.participation)).not.toMatch(/noteId|n0\d/);
  });

  it('shows authors it does not know as Unknown, and per-person votes as unknown when they are not given', () => {
    const stranger: Participant[] = [];
    const s = computeSummary(input([note('n1', 0.5, 0.5, { authorId: 'p-ghost' })], { participants: stranger }));
    expect(s.paths['product-resonance'].notes[0]!.author).toBe('Unknown');
    expect(s.participation).toEqual([{ participantId: 'p-ghost', name: 'Unknown', role: null, notes: 1, votes: null }]);
  });

  it('states the balance in a sentence about the identity-engaging paths', () => {
    const s = computeSummary(sampleWorkshopInput());
    expect(s.balance.sentence).toContain('6 of the 14 placed notes (43%) sit on the meaning side');
    expect(s.balance.sentence).toContain("the only two paths that engage the organization's identity");
    const none = computeSummary(input([note('n1', 0.5, -0.5), note('n2', -0.5, -0.5)]));
    expect(none.balance.sentence).toMatch(/^None of the 2 placed notes sits on the meaning side/);
  });

  it('uses the requested time zone for the session date, and UTC for an unknown one', () => {
    const late = note('n1', 0.5, 0.5, { createdAt: Date.UTC(2025, 2, 12, 23, 30) });
    expect(computeSummary(input([late], { timeZone: 'Asia/Tokyo' })).workshop.date).toBe('2025-03-13');
    const fallback = computeSummary(input([late], { timeZone: 'Mars/Olympus' }));
    expect(fallback.timeZone).toBe('UTC');
    expect(fallback.workshop.date).toBe('2025-03-12');
  });
});
