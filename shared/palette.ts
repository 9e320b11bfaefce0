import type { Quadrant } from './matrix';

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

/** The quadrants' background tints on the board and in every summary: meaning paths a touch cooler, efficiency paths warmer. */
export const QUADRANT_TINT: Record<Quadrant, string> = {
  'collective-values': '#e8f2ea',
  'product-resonance': '#e7edf7',
  technology: '#f0efeb',
  'social-business': '#f6eee4',
};

/** Stronger tints of the same hues, for chips and bars. */
export const QUADRANT_ACCENT: Record<Quadrant, string> = {
  'collective-values': '#5fa877',
  'product-resonance': '#5b86c5',
  technology: '#948f84',
  'social-business': '#d19a52',
};
