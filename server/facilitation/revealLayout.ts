import { NOTE_SIZE, WORLD, parkingSlot } from '@shared/matrix';

interface Point {
  x: number;
  y: number;
}

const GAP = { x: NOTE_SIZE.w + 0.04, y: NOTE_SIZE.h + 0.04 };
/** The matrix with a margin: revealed notes must land unplaced, never inside a path. */
const MATRIX_KEEP_OUT = { minX: -1 - NOTE_SIZE.w / 2 - 0.02, maxX: 1 + NOTE_SIZE.w / 2 + 0.02, minY: -1 - NOTE_SIZE.h / 2 - 0.02, maxY: 1 + NOTE_SIZE.h / 2 + 0.02 };
const PARKING_CENTRE = parkingSlot(0);

function insideWorld(p: Point): boolean {
  return p.x - NOTE_SIZE.w / 2 >= WORLD.minX && p.x + NOTE_SIZE.w / 2 <= WORLD.maxX && p.y - NOTE_SIZE.h / 2 >= WORLD.minY && p.y + NOTE_SIZE.h / 2 <= WORLD.maxY;
}

function overlapsMatrix(p: Point): boolean {
  return p.x > MATRIX_KEEP_OUT.minX && p.x < MATRIX_KEEP_OUT.maxX && p.y > MATRIX_KEEP_OUT.minY && p.y < MATRIX_KEEP_OUT.maxY;
}

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h;
}

/** Parking slots first (as people expect), then a grid over the rest of the world, nearest to the parking area first. */
function candidates(): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < 200; i++) {
    const slot = parkingSlot(i);
    if (insideWorld(slot)) out.push(slot);
  }
  const grid: Point[] = [];
  for (let y = WORLD.maxY - NOTE_SIZE.h / 2; y - NOTE_SIZE.h / 2 >= WORLD.minY; y -= GAP.y) {
    for (let x = WORLD.minX + NOTE_SIZE.w / 2; x + NOTE_SIZE.w / 2 <= WORLD.maxX; x += GAP.x) {
      const p = { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 };
      if (!overlapsMatrix(p)) grid.push(p);
    }
  }
  const dist = (p: Point) => Math.hypot(p.x - PARKING_CENTRE.x, p.y - PARKING_CENTRE.y);
  grid.sort((a, b) => dist(a) - dist(b));
  return out.concat(grid);
}

const CANDIDATES = candidates();

/**
 * Positions for `count` revealed notes that overlap neither each other nor the notes already
 * on the board, outside the matrix. Only when the whole world is full do positions repeat.
 */
export function revealPositions(count: number, existing: readonly Point[]): Point[] {
  const taken: Point[] = [...existing];
  const out: Point[] = [];
  let next = 0;
  while (out.length < count) {
    while (next < CANDIDATES.length && taken.some((t) => overlaps(t, CANDIDATES[next]!))) next++;
    const p = CANDIDATES[next] ?? CANDIDATES[out.length % CANDIDATES.length]!;
    next++;
    taken.push(p);
    out.push(p);
  }
  return out;
}
