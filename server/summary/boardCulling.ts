import { QUADRANTS, type Quadrant } from '@shared/matrix';
import { buildBoardScene, type BoardScene, type Shape } from '@shared/summary/boardScene';
import { estimateWidth, type Measure } from '@shared/summary/textLayout';
import type { PathSummary, Summary, SummaryNote } from '@shared/summary/types';

// On a crowded board most notes lie under later ones: of 5,000 random notes about four in five cannot show.
// Fitting and drawing their text costs time and file size for no visible change, so the picture leaves out
// each note (a group in the scene) whose every mark lies where later notes are opaque. Coverage is kept on a
// grid and counts only for cells well inside an opaque rectangle, so a note that shows even a sliver is drawn.

const CELL = 4; // scene units
// How far inside an opaque edge coverage starts: anti-aliased edge pixels blend with whatever lies
// beneath, so a hidden note must stay clear of them (3 units is above a pixel at 72 dpi on an A4 page).
const INSET = 3;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function grow(box: Box, x0: number, y0: number, x1: number, y1: number): void {
  box.x0 = Math.min(box.x0, x0);
  box.y0 = Math.min(box.y0, y0);
  box.x1 = Math.max(box.x1, x1);
  box.y1 = Math.max(box.y1, y1);
}

/** Grows box to hold everything the shape may paint, text generously (accents, emoji, overhangs). */
function extend(box: Box, s: Shape, measure: Measure): void {
  switch (s.kind) {
    case 'rect': {
      const half = s.stroke ? (s.strokeWidth ?? 1) / 2 : 0;
      return grow(box, s.x - half, s.y - half, s.x + s.w + half, s.y + s.h + half);
    }
    case 'line':
      return grow(box, Math.min(s.x1, s.x2) - s.width, Math.min(s.y1, s.y2) - s.width, Math.max(s.x1, s.x2) + s.width, Math.max(s.y1, s.y2) + s.width);
    case 'polygon':
      for (const [x, y] of s.points) grow(box, x, y, x, y);
      return;
    case 'circle':
      return grow(box, s.cx - s.r, s.cy - s.r, s.cx + s.r, s.cy + s.r);
    case 'text': {
      const width = measure(s.text, s.size, s.bold === true);
      const slack = s.size / 4;
      if (s.rotate) return grow(box, s.x - width - 2 * s.size, s.y - width - 2 * s.size, s.x + width + 2 * s.size, s.y + width + 2 * s.size);
      const left = s.anchor === 'middle' ? s.x - width / 2 : s.anchor === 'end' ? s.x - width : s.x;
      return grow(box, left - slack, s.y - 1.5 * s.size, left + width + slack, s.y + 0.6 * s.size);
    }
    case 'group':
      for (const child of s.shapes) extend(box, child, measure);
      return;
  }
}

class Coverage {
  private readonly columns: number;
  private readonly rows: number;
  private readonly cells: Uint8Array;

  constructor(width: number, height: number) {
    this.columns = Math.ceil(width / CELL);
    this.rows = Math.ceil(height / CELL);
    this.cells = new Uint8Array(this.columns * this.rows);
  }

  /** Whether every cell the box touches is covered; anything off the grid is not. */
  covers(b: Box): boolean {
    const c0 = Math.floor(b.x0 / CELL);
    const c1 = Math.floor(b.x1 / CELL);
    const r0 = Math.floor(b.y0 / CELL);
    const r1 = Math.floor(b.y1 / CELL);
    if (c0 < 0 || r0 < 0 || c1 >= this.columns || r1 >= this.rows) return false;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) if (!this.cells[r * this.columns + c]) return false;
    }
    return true;
  }

  /** Marks the cells that lie wholly inside the opaque parts of a shape. */
  add(s: Shape): void {
    if (s.kind === 'group') return s.shapes.forEach((child) => this.add(child));
    if (s.kind !== 'rect' || s.fill === 'none' || (s.opacity ?? 1) < 1) return;
    const inset = INSET + (s.radius ?? 0);
    const c0 = Math.max(0, Math.ceil((s.x + inset) / CELL));
    const c1 = Math.min(this.columns, Math.floor((s.x + s.w - inset) / CELL));
    const r0 = Math.max(0, Math.ceil((s.y + inset) / CELL));
    const r1 = Math.min(this.rows, Math.floor((s.y + s.h - inset) / CELL));
    for (let r = r0; r < r1; r++) this.cells.fill(1, r * this.columns + c0, r * this.columns + Math.max(c0, c1));
  }
}

/** The notes (groups) of the scene that later notes do not cover completely. */
function visibleGroups(scene: BoardScene, measure: Measure): Set<Shape> {
  const coverage = new Coverage(scene.width, scene.height);
  const visible = new Set<Shape>();
  for (let i = scene.shapes.length - 1; i >= 0; i--) {
    const shape = scene.shapes[i]!;
    if (shape.kind !== 'group') continue;
    const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    extend(box, shape, measure);
    if (coverage.covers(box)) continue;
    visible.add(shape);
    coverage.add(shape);
  }
  return visible;
}

/** The summary with each path's notes replaced. */
function withPathNotes(summary: Summary, notes: (path: PathSummary) => SummaryNote[]): Summary {
  const paths = Object.fromEntries(QUADRANTS.map((q) => [q, { ...summary.paths[q], notes: notes(summary.paths[q]) }])) as Record<Quadrant, PathSummary>;
  return { ...summary, paths };
}

/**
 * The summary as the board picture can show it: placed notes that later ones hide are left out.
 * Which notes those are comes from laying the picture out once with each note's text swapped for a
 * short tag, which fits at once and names the note in its group's title (the text comes first).
 * A note's text always fits inside its note, so the swap changes nothing about what covers what; the
 * tags are measured by estimate, as shaping thousands of one-off strings would cost more than it saves.
 */
export function* pictureSummary(summary: Summary): Generator<void, Summary> {
  const byTag = new Map<string, SummaryNote>();
  const tag = (note: SummaryNote): SummaryNote => {
    const text = `#${byTag.size}`;
    byTag.set(text, note);
    return { ...note, text };
  };
  const tagged = { ...withPathNotes(summary, (path) => path.notes.map(tag)), unplaced: summary.unplaced.map(tag) };
  const scene = buildBoardScene(tagged, { measure: estimateWidth });
  yield;
  const shown = new Set<SummaryNote>();
  for (const group of visibleGroups(scene, estimateWidth)) {
    const note = group.kind === 'group' ? byTag.get(group.title.slice(0, group.title.indexOf(' '))) : undefined;
    // Should the scene stop naming notes this way, draw every note rather than guess.
    if (!note) return summary;
    shown.add(note);
  }
  yield;
  return withPathNotes(summary, (path) => path.notes.filter((note) => shown.has(note)));
}
