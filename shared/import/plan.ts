import { parkingSlot, type Quadrant } from '../matrix';
import type { ColorKey } from '../palette';
import type { Role } from '../roles';
import type { NewNote } from '../schema/board';
import type { Phase } from '../schema/phases';
import type { ImportRow } from './rows';

// Whether an import may happen at all, and where each imported note lands.

interface ImportTarget {
  role: Role;
  phase: Phase;
  locked: boolean;
  /** The private drafts room (during collect) or the shared board. */
  into: 'board' | 'drafts';
  /** Notes already in the target. */
  existing: number;
  maxNotes: number;
}

/** Why an import of this many notes is refused (nothing is then created), or null when it may go ahead. */
export function importRefusal(target: ImportTarget, count: number): string | null {
  if (target.role === 'viewer') return 'viewers cannot add notes';
  if (count === 0) return 'there is nothing to import';
  if (target.into === 'drafts' && target.phase !== 'collect') return 'private writing has ended; import onto the board instead';
  if (target.into === 'board' && target.locked && target.role !== 'facilitator') return 'the facilitator has locked the board';
  const room = Math.max(0, target.maxNotes - target.existing);
  if (count > room) return `the board has room for ${room} more note${room === 1 ? '' : 's'}, not ${count}`;
  return null;
}

const SIGN: Record<Quadrant, { x: number; y: number }> = {
  'collective-values': { x: -1, y: 1 },
  'product-resonance': { x: 1, y: 1 },
  technology: { x: -1, y: -1 },
  'social-business': { x: 1, y: -1 },
};

/** The k-th spot inside a quadrant, clear of the fence lines: two columns, three rows, then the grid repeats slightly shifted. */
function quadrantSlot(q: Quadrant, k: number): { x: number; y: number } {
  const inGrid = k % 6;
  const shift = Math.floor(k / 6) * 0.035;
  const col = inGrid % 2;
  const row = Math.floor(inGrid / 2);
  const ax = Math.min(0.95, 0.3 + col * 0.42 + shift);
  const ay = Math.max(0.15, 0.84 - row * 0.28 - shift);
  return { x: SIGN[q].x * ax, y: SIGN[q].y * ay };
}

export interface PlannedNote extends Omit<NewNote, 'authorId'> {
  x: number;
  y: number;
  color: ColorKey;
  text: string;
}

/** Positions and colours for the rows; parking slots continue after the notes already parked. */
export function planNotes(rows: readonly ImportRow[], defaultColor: ColorKey, parkedAlready: number): PlannedNote[] {
  const perQuadrant = new Map<Quadrant, number>();
  let parked = parkedAlready;
  return rows.map((row) => {
    let pos: { x: number; y: number };
    if (row.at) pos = row.at;
    else if (row.path) {
      const k = perQuadrant.get(row.path) ?? 0;
      perQuadrant.set(row.path, k + 1);
      pos = quadrantSlot(row.path, k);
    } else pos = parkingSlot(parked++);
    return { text: row.text, x: pos.x, y: pos.y, color: row.color ?? defaultColor };
  });
}
