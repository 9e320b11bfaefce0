import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '@shared/schema/board';
import { BoardActions, DRAG_SEND_MS } from '../../client/session/boardActions';
import { BoardUndo } from '../../client/session/undo';

afterEach(() => vi.useRealTimers());

function board() {
  const doc = new Y.Doc();
  const undo = new BoardUndo(doc);
  const actions = new BoardActions(doc, undo, 'p-ana');
  return { doc, undo, actions };
}

describe('dragging a note', () => {
  it('shares the live position about 20 times a second while dragging', () => {
    vi.useFakeTimers();
    const { doc, actions } = board();
    const id = actions.createNote({ x: 1.5, y: 0.8 }, 'yellow', 'Wiki');
    let updates = 0;
    doc.on('update', () => updates++);
    actions.beginDrag();
    for (let i = 0; i <= 100; i++) {
      actions.dragTo(id, { x: 1.5 - i * 0.01, y: 0.8 - i * 0.003 });
      vi.advanceTimersByTime(10);
    }
    expect(updates).toBeGreaterThanOrEqual(1000 / DRAG_SEND_MS - 2);
    expect(updates).toBeLessThanOrEqual(1000 / DRAG_SEND_MS + 2);
  });

  it('ends exactly where it was dropped, with one quadrant change logged from where it began', () => {
    vi.useFakeTimers();
    const { doc, actions } = board();
    const id = actions.createNote({ x: 1.5, y: 0.8 }, 'yellow', 'Wiki');
    actions.beginDrag();
    // On the way it crosses Social Business and Technology before settling in Product Resonance.
    for (const p of [{ x: 0.5, y: -0.5 }, { x: -0.5, y: -0.5 }, { x: 0.4, y: 0.6 }]) {
      actions.dragTo(id, p);
      vi.advanceTimersByTime(DRAG_SEND_MS);
    }
    actions.drop(id, { x: 1.5, y: 0.8 }, { x: 0.4321, y: 0.6543 });
    vi.advanceTimersByTime(200);
    const note = readBoard(doc).notes[0]!;
    expect(note).toMatchObject({ x: 0.4321, y: 0.6543 });
    expect(note.moves.map((m) => [m.from, m.to, m.by])).toEqual([['unplaced', 'product-resonance', 'p-ana']]);
  });

  it('undoes a whole drag in one step, however long it took', () => {
    vi.useFakeTimers();
    const { doc, undo, actions } = board();
    const id = actions.createNote({ x: 1.5, y: 0.8 }, 'yellow', 'Wiki');
    vi.advanceTimersByTime(1000);
    actions.beginDrag();
    for (let i = 0; i < 10; i++) {
      actions.dragTo(id, { x: 1 - i * 0.05, y: 0.5 });
      vi.advanceTimersByTime(700);
    }
    actions.drop(id, { x: 1.5, y: 0.8 }, { x: 0.5, y: 0.5 });
    undo.undo();
    expect(readBoard(doc).notes[0]).toMatchObject({ x: 1.5, y: 0.8, moves: [] });
  });

  it('never undoes someone else’s change', () => {
    const { doc, undo, actions } = board();
    actions.createNote({ x: 0.5, y: 0.5 }, 'yellow', 'Mine');
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const theirs = new BoardActions(remote, new BoardUndo(remote), 'p-ben');
    theirs.createNote({ x: -0.5, y: 0.5 }, 'blue', 'Theirs');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), 'remote');
    undo.undo();
    expect(readBoard(doc).notes.map((n) => n.text)).toEqual(['Theirs']);
    expect(undo.get().canUndo).toBe(false);
  });
});

describe('moving a note into a path by command', () => {
  it('lands it inside the chosen path beside the notes already there, and logs the move', () => {
    const { doc, actions } = board();
    const first = actions.createNote({ x: 1.5, y: 0.8 }, 'yellow', 'Open salary bands');
    const second = actions.createNote({ x: 1.9, y: 0.8 }, 'yellow', 'Customer forum');
    expect(actions.moveToPath(first, 'product-resonance')).toBe(true);
    expect(actions.moveToPath(second, 'product-resonance')).toBe(true);
    const [a, b] = readBoard(doc).notes;
    for (const n of [a!, b!]) {
      expect(n.x).toBeGreaterThan(0);
      expect(n.y).toBeGreaterThan(0);
      expect(n.moves).toEqual([expect.objectContaining({ from: 'unplaced', to: 'product-resonance', by: 'p-ana' })]);
    }
    expect(Math.abs(a!.x - b!.x) >= 0.34 || Math.abs(a!.y - b!.y) >= 0.24).toBe(true);
  });

  it('leaves a note where it is when it is already in that path', () => {
    const { doc, actions } = board();
    const id = actions.createNote({ x: -0.5, y: -0.5 }, 'yellow', 'Wiki');
    expect(actions.moveToPath(id, 'technology')).toBe(false);
    expect(readBoard(doc).notes[0]).toMatchObject({ x: -0.5, y: -0.5, moves: [] });
  });

  it('is its own step of undo, even right after the note was created', () => {
    const { doc, undo, actions } = board();
    const id = actions.createNote({ x: 1.5, y: 0.8 }, 'yellow', 'Wiki');
    actions.moveToPath(id, 'social-business');
    undo.undo();
    expect(readBoard(doc).notes[0]).toMatchObject({ x: 1.5, y: 0.8, text: 'Wiki' });
  });
});
