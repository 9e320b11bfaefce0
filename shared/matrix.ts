// Matrix geometry: positions are in matrix units, x -1 (internal) … +1 (external),
// y -1 (efficiency/profit) … +1 (meaning, top of the screen).

export const QUADRANTS = ['collective-values', 'product-resonance', 'technology', 'social-business'] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export type Placement = Quadrant | 'unplaced';

export const FENCE_MARGIN = 0.1;

/** Notes are drawn centred on (x, y) with this size, in matrix units. */
export const NOTE_SIZE = { w: 0.34, h: 0.24 } as const;

/** The parking area for unplaced notes sits to the right of the matrix. */
export const PARKING = { minX: 1.25, maxX: 2.45, minY: -1, maxY: 1 } as const;

/** Positions are clamped to this world so no note can be lost off-canvas. */
export const WORLD = { minX: -3, maxX: 3, minY: -3, maxY: 3 } as const;

export function isPlaced(x: number, y: number): boolean {
  return x >= -1 && x <= 1 && y >= -1 && y <= 1;
}

export function quadrantOf(x: number, y: number): Quadrant {
  const external = x >= 0;
  const meaning = y >= 0;
  if (meaning) return external ? 'product-resonance' : 'collective-values';
  return external ? 'social-business' : 'technology';
}

export function placementOf(x: number, y: number): Placement {
  return isPlaced(x, y) ? quadrantOf(x, y) : 'unplaced';
}

export function isOnFence(x: number, y: number): boolean {
  return isPlaced(x, y) && (Math.abs(x) < FENCE_MARGIN || Math.abs(y) < FENCE_MARGIN);
}

export function clampToWorld(x: number, y: number): { x: number; y: number } {
  return {
    x: Math.min(WORLD.maxX, Math.max(WORLD.minX, x)),
    y: Math.min(WORLD.maxY, Math.max(WORLD.minY, y)),
  };
}

/**
 * The i-th free slot of the parking area, filled row by row from the top; past the
 * area's capacity slots continue further right so notes never overlap.
 */
export function parkingSlot(index: number): { x: number; y: number } {
  const gapX = NOTE_SIZE.w + 0.04;
  const gapY = NOTE_SIZE.h + 0.04;
  const cols = Math.max(1, Math.floor((PARKING.maxX - PARKING.minX) / gapX));
  const rows = Math.max(1, Math.floor((PARKING.maxY - PARKING.minY) / gapY));
  const perArea = cols * rows;
  const block = Math.floor(index / perArea);
  const inBlock = index % perArea;
  const col = (inBlock % cols) + block * cols;
  const row = Math.floor(inBlock / cols);
  return {
    x: PARKING.minX + gapX / 2 + col * gapX,
    y: PARKING.maxY - gapY / 2 - row * gapY,
  };
}

/** How far along an axis a coordinate sits, as a whole percentage from 0 to 100. */
export function axisPercent(value: number): number {
  return Math.round(((Math.min(1, Math.max(-1, value)) + 1) / 2) * 100);
}
