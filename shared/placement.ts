import { FENCE_MARGIN, NOTE_SIZE, parkingSlot, placementOf, QUADRANTS, type Placement, type Quadrant } from './matrix';

// Where a note lands when it is moved by a command (keyboard, list view) rather than dragged,
// and the order in which notes are read out.

interface Point {
  x: number;
  y: number;
}

/** The order paths are read in: the 2×2 left to right, top to bottom, then the parking area. */
export const READING_ORDER: readonly Placement[] = [...QUADRANTS, 'unplaced'];

/** Keeps a landed note wholly inside its quadrant and clear of the fence around the axes. */
const EDGE = 0.02;
const STEP = 0.02;
const FIRST_SLOTS = 200;

interface Area {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function quadrantArea(q: Quadrant): Area {
  const halfW = NOTE_SIZE.w / 2;
  const halfH = NOTE_SIZE.h / 2;
  const inner = { x: Math.max(FENCE_MARGIN, halfW + EDGE), y: Math.max(FENCE_MARGIN, halfH + EDGE) };
  const outer = { x: 1 - halfW, y: 1 - halfH };
  const left = q === 'collective-values' || q === 'technology';
  const top = q === 'collective-values' || q === 'product-resonance';
  return {
    minX: left ? -outer.x : inner.x,
    maxX: left ? -inner.x : outer.x,
    minY: top ? inner.y : -outer.y,
    maxY: top ? outer.y : -inner.y,
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Candidate centres in a quadrant, row by row from its top-left corner, as a hand would fill it. */
function quadrantCandidates(q: Quadrant): Point[] {
  const a = quadrantArea(q);
  const out: Point[] = [];
  for (let y = a.maxY; y >= a.minY - 1e-9; y -= STEP) {
    for (let x = a.minX; x <= a.maxX + 1e-9; x += STEP) out.push({ x: round(x), y: round(y) });
  }
  return out;
}

const CANDIDATES: Record<Quadrant, Point[]> = {
  'collective-values': quadrantCandidates('collective-values'),
  'product-resonance': quadrantCandidates('product-resonance'),
  technology: quadrantCandidates('technology'),
  'social-business': quadrantCandidates('social-business'),
};

/** How much of a note at p the others cover, as a share of one note's area summed over them. */
function coverage(p: Point, others: readonly Point[]): number {
  let sum = 0;
  for (const o of others) {
    const dx = NOTE_SIZE.w - Math.abs(p.x - o.x);
    const dy = NOTE_SIZE.h - Math.abs(p.y - o.y);
    if (dx > 0 && dy > 0) sum += (dx * dy) / (NOTE_SIZE.w * NOTE_SIZE.h);
  }
  return sum;
}

/**
 * A spot for a note moved into `target` that covers none of `others` (the board's other
 * notes): the first free one reading from the top-left. When the path is full, the spot
 * covered least, still inside the path.
 */
export function landingSpot(target: Placement, others: readonly Point[]): Point {
  const candidates = target === 'unplaced' ? Array.from({ length: FIRST_SLOTS }, (_, i) => parkingSlot(i)) : CANDIDATES[target];
  let best = candidates[0]!;
  let bestCover = Infinity;
  for (const c of candidates) {
    const cover = coverage(c, others);
    if (cover === 0) return c;
    if (cover < bestCover) {
      best = c;
      bestCover = cover;
    }
  }
  if (target !== 'unplaced') return best;
  // The parking area continues to the right past its first slots, so a free slot always exists.
  for (let i = FIRST_SLOTS; ; i++) {
    const slot = parkingSlot(i);
    if (coverage(slot, others) === 0) return slot;
  }
}

/** Notes in reading order: by path (see READING_ORDER), then in rows from the top, left to right. */
export function inReadingOrder<T extends Point & { id: string }>(notes: readonly T[]): T[] {
  const rank = (n: T) => READING_ORDER.indexOf(placementOf(n.x, n.y));
  // Notes whose centres are within half a note's height read as one row.
  const row = (n: T) => Math.round(-n.y / (NOTE_SIZE.h / 2));
  return [...notes].sort((a, b) => rank(a) - rank(b) || row(a) - row(b) || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
