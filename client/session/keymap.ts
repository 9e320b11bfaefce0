import type { Placement } from '@shared/matrix';

// The board's one keyboard map: which key means which command, and where. Single-key
// shortcuts work only while focus is on the board (a note or the canvas), never on a
// button or field (WCAG 2.1.4), so buttons keep Enter and Space.

/** Where a key was pressed: a note's focus target, the canvas, another control, or a text field. */
export type KeyScope = 'note' | 'board' | 'control' | 'typing';

export type KeyCommand =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'newNote' }
  | { kind: 'delete' }
  | { kind: 'edit' }
  | { kind: 'leave' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'moveTo'; target: Placement }
  | { kind: 'vote' }
  | { kind: 'focusStep'; step: 1 | -1 };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Matrix units per arrow press, and with Shift. */
export const NUDGE = 0.02;
export const NUDGE_LARGE = 0.1;

/** Keys 1–4 read the 2×2 left to right, top to bottom; 0 is the parking area. */
const PATH_KEYS: Record<string, Placement> = {
  '1': 'collective-values',
  '2': 'product-resonance',
  '3': 'technology',
  '4': 'social-business',
  '0': 'unplaced',
};

const ARROWS: Record<string, { dx: number; dy: number }> = {
  ArrowLeft: { dx: -1, dy: 0 },
  ArrowRight: { dx: 1, dy: 0 },
  // Matrix y grows upwards (towards meaning), as the screen shows it.
  ArrowUp: { dx: 0, dy: 1 },
  ArrowDown: { dx: 0, dy: -1 },
};

export function scopeOf(target: EventTarget | null): KeyScope {
  if (!(target instanceof HTMLElement)) return 'control';
  if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return 'typing';
  if (target.closest('[data-note-focus]')) return 'note';
  // Not the page body: with nothing focused, a stray key (or a dictated word) changes nothing.
  if (target.closest('[data-board-focus]')) return 'board';
  return 'control';
}

/**
 * Whether a key held down turns a press on the canvas into a pan (Space, as in drawing apps):
 * only while focus is on the board. Anywhere else Space stays the button's or the field's.
 */
export function holdsToPan(code: string, scope: KeyScope): boolean {
  return code === 'Space' && (scope === 'board' || scope === 'note');
}

/** The command a key press asks for in a scope, or null to leave the key to the browser. */
export function commandFor(e: KeyInput, scope: KeyScope): KeyCommand | null {
  if (scope === 'typing' || e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.metaKey || e.ctrlKey) {
    if (key === 'z') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y') return { kind: 'redo' };
    return null;
  }
  if (scope === 'control') return null;
  if (scope === 'note' && key === 'Tab') return { kind: 'focusStep', step: e.shiftKey ? -1 : 1 };
  const arrow = ARROWS[key];
  if (arrow) {
    const step = e.shiftKey ? NUDGE_LARGE : NUDGE;
    return { kind: 'nudge', dx: arrow.dx * step, dy: arrow.dy * step };
  }
  // On the bare canvas 0 keeps its older meaning, "fit the board", next to + and −.
  if (key === '0' && scope === 'board') return { kind: 'fit' };
  const target = PATH_KEYS[key];
  if (target) return { kind: 'moveTo', target };
  switch (key) {
    case 'n':
      return { kind: 'newNote' };
    case 'v':
      return { kind: 'vote' };
    case 'Enter':
      return { kind: 'edit' };
    case 'Escape':
      return { kind: 'leave' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1.25 };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 0.8 };
    default:
      return null;
  }
}
