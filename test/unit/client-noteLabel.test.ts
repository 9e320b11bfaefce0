import { describe, expect, it } from 'vitest';
import type { Note } from '@shared/schema/board';
import { resolveWording, STANDARD_WORDING } from '@shared/schema/wording';
import { noteLabel } from '../../client/session/noteLabel';
import { SelectionStore } from '../../client/session/selectionStore';

const note = (text: string, x: number, y: number): Note => ({ id: 'n1', text, x, y, color: 'yellow', authorId: 'p-ana', createdAt: 1, moves: [], locked: false, comments: [] });

describe('what a screen reader hears for a note', () => {
  it('names its text, its path and its votes', () => {
    expect(noteLabel(note('Open salary bands', -0.5, 0.5), { total: 2, mine: null }, STANDARD_WORDING)).toBe('Open salary bands. Collective Values. 2 votes');
    expect(noteLabel(note('Hack days', 1.5, 0.8), { total: 0, mine: null }, STANDARD_WORDING)).toBe('Hack days. Not placed yet. no votes');
  });

  it('while totals are hidden, names only my own votes', () => {
    expect(noteLabel(note('Forum', 0.5, -0.5), { total: null, mine: 1 }, STANDARD_WORDING)).toBe('Forum. Social Business. 1 of your votes');
  });

  it('calls an empty note an empty note', () => {
    expect(noteLabel(note('   ', -0.5, -0.5), { total: null, mine: null }, STANDARD_WORDING)).toBe('Empty note. Technology');
  });

  it("names the path in the workshop's own words", () => {
    const wording = resolveWording({ 'technology.name': 'Tools first' });
    expect(noteLabel(note('Tool library', -0.5, -0.5), { total: null, mine: null }, wording)).toBe('Tool library. Tools first');
  });
});

describe('the selection store', () => {
  it('follows keyboard focus, and forgets a note that is gone', () => {
    const s = new SelectionStore();
    let changes = 0;
    s.subscribe(() => changes++);
    s.focus('a');
    expect(s.get()).toEqual({ selectedId: 'a', editingId: null, focused: true });
    s.focus(null);
    expect(s.get()).toMatchObject({ selectedId: 'a', focused: false });
    s.edit('a');
    s.forget('a');
    expect(s.get()).toEqual({ selectedId: null, editingId: null, focused: false });
    s.forget('a');
    expect(changes).toBe(4);
  });
});
