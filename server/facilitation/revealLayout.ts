import { FENCE_MARGIN, NOTE_SIZE, WORLD, isPlaced, parkingSlot } from '@shared/matrix';

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

const SPOT_STEP = 0.04;

/**
 * Spots for a note's centre in the quadrant of `p`, nearest to `p` first: clear of the fence
 * (a note there would read as undecided) and inside the matrix, the note itself may overhang its outer edge.
 */
function spotsInQuadrant(p: Point): Point[] {
  const xs = p.x < 0 ? [-0.99, -FENCE_MARGIN] : [FENCE_MARGIN, 0.99];
  const ys = p.y < 0 ? [-0.99, -FENCE_MARGIN] : [FENCE_MARGIN, 0.99];
  const out: Point[] = [];
  for (let x = xs[0]!; x <= xs[1]! + 1e-9; x += SPOT_STEP) {
    for (let y = ys[0]!; y <= ys[1]! + 1e-9; y += SPOT_STEP) out.push({ x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 });
  }
  return out.sort((a, b) => Math.hypot(a.x - p.x, a.y - p.y) - Math.hypot(b.x - p.x, b.y - p.y));
}

/**
 * Positions for revealed notes, in their order, overlapping neither each other nor the notes
 * already on the board. A draft its writer already put in a path stays in that path: where it
 * was if that is free, else at the nearest free spot of the same quadrant, else where it was
 * (a note in the right path matters more than a tidy board). The others go outside the matrix,
 * parking slots first; only when the whole world is full do those positions repeat.
 */
export function revealPositions(incoming: readonly Point[], existing: readonly Point[]): Point[] {
  const taken: Point[] = [...existing];
  const out: Point[] = new Array<Point>(incoming.length);
  const free = (p: Point) => !taken.some((t) => overlaps(t, p));
  incoming.forEach((n, i) => {
    if (!isPlaced(n.x, n.y)) return;
    const p = free(n) ? { x: n.x, y: n.y } : (spotsInQuadrant(n).find(free) ?? { x: n.x, y: n.y });
    taken.push(p);
    out[i] = p;
  });
  let next = 0;
  let parked = 0;
  incoming.forEach((n, i) => {
    if (isPlaced(n.x, n.y)) return;
    while (next < CANDIDATES.length && !free(CANDIDATES[next]!)) next++;
    const p = CANDIDATES[next] ?? CANDIDATES[parked % CANDIDATES.length]!;
    next++;
    parked++;
    taken.push(p);
    out[i] = p;
  });
  return out;
}
