// Calm sticky-note colours that stay readable on a projector.
export const PALETTE = {
  yellow: '#fde68a',
  orange: '#fdba74',
  pink: '#f9a8d4',
  purple: '#c4b5fd',
  blue: '#93c5fd',
  green: '#86efac',
  grey: '#d1d5db',
} as const;

export type ColorKey = keyof typeof PALETTE;
export const COLOR_KEYS = Object.keys(PALETTE) as ColorKey[];

export function isColorKey(value: unknown): value is ColorKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PALETTE, value);
}

/** Colours for people's cursors, picked by a stable hash of their id; each holds white initials at 4.5:1 or more. */
export const PERSON_COLORS = ['#2563eb', '#be185d', '#047857', '#b45309', '#7c3aed', '#dc2626', '#0e7490', '#4d7c0f'] as const;

export function personColor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return PERSON_COLORS[Math.abs(h) % PERSON_COLORS.length]!;
}
