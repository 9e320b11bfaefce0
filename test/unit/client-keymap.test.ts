import { describe, expect, it } from 'vitest';
import { commandFor, holdsToPan, NUDGE, NUDGE_LARGE, type KeyInput } from '../../client/session/keymap';

const press = (key: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('the board keymap', () => {
  it('moves a focused note into the paths with 1–4, read left to right and top to bottom, and back with 0', () => {
    expect(['1', '2', '3', '4', '0'].map((k) => commandFor(press(k), 'note'))).toEqual([
      { kind: 'moveTo', target: 'collective-values' },
      { kind: 'moveTo', target: 'product-resonance' },
      { kind: 'moveTo', target: 'technology' },
      { kind: 'moveTo', target: 'social-business' },
      { kind: 'moveTo', target: 'unplaced' },
    ]);
  });

  it('nudges with the arrows, further with Shift, up towards meaning', () => {
    expect(commandFor(press('ArrowUp'), 'note')).toEqual({ kind: 'nudge', dx: 0, dy: NUDGE });
    expect(commandFor(press('ArrowLeft', { shiftKey: true }), 'note')).toEqual({ kind: 'nudge', dx: -NUDGE_LARGE, dy: 0 });
  });

  it('steps through notes with Tab and Shift+Tab only from a note', () => {
    expect(commandFor(press('Tab'), 'note')).toEqual({ kind: 'focusStep', step: 1 });
    expect(commandFor(press('Tab', { shiftKey: true }), 'note')).toEqual({ kind: 'focusStep', step: -1 });
    expect(commandFor(press('Tab'), 'board')).toBeNull();
  });

  it('leaves Enter, Space and single letters to buttons and fields', () => {
    for (const scope of ['control', 'typing'] as const) {
      for (const key of ['Enter', ' ', 'v', 'n', '2', 'Delete', 'ArrowUp', 'Escape']) expect(commandFor(press(key), scope)).toBeNull();
    }
  });

  it('keeps undo and redo on buttons too, but not in text fields', () => {
    expect(commandFor(press('z', { ctrlKey: true }), 'control')).toEqual({ kind: 'undo' });
    expect(commandFor(press('Z', { metaKey: true, shiftKey: true }), 'board')).toEqual({ kind: 'redo' });
    expect(commandFor(press('z', { ctrlKey: true }), 'typing')).toBeNull();
  });

  it('edits with Enter, votes with V, leaves with Escape, and fits the board with 0 on the bare canvas', () => {
    expect(commandFor(press('Enter'), 'note')).toEqual({ kind: 'edit' });
    expect(commandFor(press('V', { shiftKey: true }), 'note')).toEqual({ kind: 'vote' });
    expect(commandFor(press('Escape'), 'note')).toEqual({ kind: 'leave' });
    expect(commandFor(press('0'), 'board')).toEqual({ kind: 'fit' });
  });

  it('holds Space to pan only while focus is on the board, so buttons keep Space', () => {
    expect(holdsToPan('Space', 'board')).toBe(true);
    expect(holdsToPan('Space', 'note')).toBe(true);
    expect(holdsToPan('Space', 'control')).toBe(false);
    expect(holdsToPan('Space', 'typing')).toBe(false);
    expect(holdsToPan('KeyN', 'board')).toBe(false);
  });
});
