import { NOTE_SIZE, QUADRANTS, type Quadrant } from '../matrix';
import { PALETTE } from '../palette';
import { AXES } from '../paths';
import { formatDate, percent, plural } from './format';
import { estimateWidth, fitLine, wrapText, type Measure } from './textLayout';
import type { Summary, SummaryNote } from './types';

// The board as people saw it, as a display list that the SVG and PDF renderers both draw.

export type Anchor = 'start' | 'middle' | 'end';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string; strokeWidth?: number; radius?: number; opacity?: number; dash?: readonly number[] }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string }
  /** y is the baseline; rotate turns the text about (x, y), in degrees clockwise. */
  | { kind: 'text'; x: number; y: number; text: string; size: number; fill: string; bold?: boolean; italic?: boolean; anchor?: Anchor; rotate?: number }
  /** A note: the SVG shows title as a tooltip with the full text. */
  | { kind: 'group'; title: string; shapes: Shape[] };

export interface BoardScene {
  width: number;
  height: number;
  shapes: Shape[];
}

const SCALE = 360; // px per matrix unit
const PAD = 32;
const HEADER = 78;
const AXIS_BAND = 34;
const NAME_BAND = 62; // quadrant names above and below the matrix
const NOTE_W = NOTE_SIZE.w * SCALE;
const NOTE_H = NOTE_SIZE.h * SCALE;
const BLEED_X = NOTE_W / 2; // notes on the edge stick out by half their size
const BLEED_Y = NOTE_H / 2;
const MATRIX = 2 * SCALE;
const GRID_GAP = 12;
const PARKING_COLUMNS = 3;
const NOTE_FONT = 11;
const NOTE_LINE = 14;
const NOTE_PAD = 7;

const INK = '#1e293b';
const MUTED = '#475569';
const FAINT = '#94a3b8';

export const QUADRANT_FILL: Record<Quadrant, string> = {
  'collective-values': '#edf7ef',
  'product-resonance': '#ecf2fb',
  technology: '#f3f4f6',
  'social-business': '#fbf3e8',
};

/** Stronger tints of the same hues, for chips and bars. */
export const QUADRANT_ACCENT: Record<Quadrant, string> = {
  'collective-values': '#5fa877',
  'product-resonance': '#5b86c5',
  technology: '#8b95a3',
  'social-business': '#d19a52',
};

export interface SceneOptions {
  measure?: Measure;
}

/** Lays out the whole picture: header, matrix with quadrant names, notes with votes, parking area, legend. */
export function buildBoardScene(summary: Summary, opts: SceneOptions = {}): BoardScene {
  const measure = opts.measure ?? estimateWidth;
  const shapes: Shape[] = [];
  const left = PAD + AXIS_BAND + BLEED_X;
  const top = PAD + HEADER + NAME_BAND + BLEED_Y;
  const px = (x: number) => left + (x + 1) * SCALE;
  const py = (y: number) => top + (1 - y) * SCALE;
  const matrixRight = left + MATRIX;
  const matrixBottom = top + MATRIX;

  header(shapes, summary, PAD, measure);
  quadrants(shapes, summary, left, top);
  axes(shapes, left, top, matrixRight, matrixBottom);

  const placed = QUADRANTS.flatMap((q) => summary.paths[q].notes).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const note of placed) shapes.push(noteShape(note, px(note.x) - NOTE_W / 2, py(note.y) - NOTE_H / 2, measure));

  let width = matrixRight + BLEED_X + PAD;
  if (summary.unplaced.length > 0) width = parking(shapes, summary.unplaced, width - PAD + 24, top - BLEED_Y, MATRIX + 2 * BLEED_Y, measure) + PAD;

  const height = matrixBottom + BLEED_Y + NAME_BAND + AXIS_BAND + 40 + PAD;
  legend(shapes, summary, PAD, height - PAD);
  return { width: Math.ceil(width), height: Math.ceil(height), shapes };
}

function header(shapes: Shape[], summary: Summary, x: number, measure: Measure): void {
  const title = summary.workshop.title.trim() || 'Untitled workshop';
  const fitted = fitLine(title, 1000, (s) => measure(s, 24, true));
  shapes.push({ kind: 'text', x, y: PAD + 26, text: fitted, size: 24, bold: true, fill: INK });
  const bits = [
    'Four Paths to a social organization',
    formatDate(`${summary.workshop.date}T12:00:00Z`, 'UTC'),
    plural(summary.totals.notes, 'note'),
    summary.votesHidden ? 'votes hidden' : plural(summary.totals.votes, 'vote'),
  ];
  shapes.push({ kind: 'text', x, y: PAD + 50, text: bits.join('  ·  '), size: 13, fill: MUTED });
}

/** Quadrant tints inside the matrix; names sit outside it, above and below, where notes cannot cover them. */
function quadrants(shapes: Shape[], summary: Summary, left: number, top: number): void {
  for (const q of QUADRANTS) {
    const path = summary.paths[q];
    const isLeft = path.trigger === 'internal';
    const isTop = path.aim === 'meaning';
    const x = isLeft ? left : left + SCALE;
    const y = isTop ? top : top + SCALE;
    shapes.push({ kind: 'rect', x, y, w: SCALE, h: SCALE, fill: QUADRANT_FILL[q] });
    const tx = isLeft ? x : x + SCALE;
    const anchor: Anchor = isLeft ? 'start' : 'end';
    const nameY = isTop ? top - BLEED_Y - NAME_BAND + 20 : top + MATRIX + BLEED_Y + 24;
    const count = `${plural(path.count, 'note')} · ${percent(path.share)} of placed`;
    shapes.push({ kind: 'text', x: tx, y: nameY, text: path.name, size: 17, bold: true, fill: INK, anchor });
    shapes.push({ kind: 'text', x: tx, y: nameY + 17, text: path.hint, size: 11, italic: true, fill: MUTED, anchor });
    shapes.push({ kind: 'text', x: tx, y: nameY + 32, text: count, size: 11, fill: MUTED, anchor });
  }
}

function axes(shapes: Shape[], left: number, top: number, right: number, bottom: number): void {
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  shapes.push({ kind: 'rect', x: left, y: top, w: right - left, h: bottom - top, fill: 'none', stroke: '#cbd5e1', strokeWidth: 1 });
  shapes.push({ kind: 'line', x1: cx, y1: top, x2: cx, y2: bottom, stroke: '#64748b', width: 1.5 });
  shapes.push({ kind: 'line', x1: left, y1: cy, x2: right, y2: cy, stroke: '#64748b', width: 1.5 });
  const label = { size: 12, fill: MUTED, bold: true, anchor: 'middle' } as const;
  const sideX = left - BLEED_X - 14;
  shapes.push({ kind: 'text', ...label, x: sideX, y: (top + cy) / 2, text: `${AXES.aim.high} · engages the organization's identity ▶`, rotate: -90 });
  shapes.push({ kind: 'text', ...label, x: sideX, y: (cy + bottom) / 2, text: `◀ ${AXES.aim.low}`, rotate: -90 });
  const axisY = bottom + BLEED_Y + NAME_BAND + 26;
  shapes.push({ kind: 'text', ...label, x: (left + cx) / 2, y: axisY, text: `◀ ${AXES.trigger.low} trigger` });
  shapes.push({ kind: 'text', ...label, x: (cx + right) / 2, y: axisY, text: `${AXES.trigger.high} trigger ▶` });
}

function noteShape(note: SummaryNote, x: number, y: number, measure: Measure): Shape {
  const maxLines = Math.floor((NOTE_H - 2 * NOTE_PAD) / NOTE_LINE);
  const textWidth = NOTE_W - 2 * NOTE_PAD - (note.votes > 0 ? 6 : 0);
  const lines = wrapText(note.text, { width: textWidth, size: NOTE_FONT, maxLines, measure });
  const shapes: Shape[] = [
    { kind: 'rect', x: x + 1.5, y: y + 2, w: NOTE_W, h: NOTE_H, fill: '#0f172a', opacity: 0.12, radius: 3 },
    { kind: 'rect', x, y, w: NOTE_W, h: NOTE_H, fill: PALETTE[note.color], stroke: '#0f172a', strokeWidth: 0.4, radius: 3 },
  ];
  lines.forEach((line, i) => {
    shapes.push({ kind: 'text', x: x + NOTE_PAD, y: y + NOTE_PAD + NOTE_FONT + i * NOTE_LINE - 1, text: line, size: NOTE_FONT, fill: INK });
  });
  if (note.votes > 0) {
    const cx = x + NOTE_W - 3;
    const cy = y + 3;
    const label = String(note.votes);
    const r = Math.max(10, measure(label, 10, true) / 2 + 5);
    shapes.push({ kind: 'circle', cx, cy, r, fill: '#1e293b' });
    shapes.push({ kind: 'text', x: cx, y: cy + 3.6, text: label, size: 10, bold: true, fill: '#ffffff', anchor: 'middle' });
  }
  return { kind: 'group', title: `${note.text} (${note.author}${note.votes ? `, ${plural(note.votes, 'vote')}` : ''})`, shapes };
}

/** Unplaced notes in a tidy grid beside the matrix; returns the right edge. */
function parking(shapes: Shape[], notes: readonly SummaryNote[], x: number, y: number, h: number, measure: Measure): number {
  const titleH = 46;
  const rows = Math.max(1, Math.floor((h - titleH - GRID_GAP) / (NOTE_H + GRID_GAP)));
  const columns = Math.min(PARKING_COLUMNS, Math.ceil(notes.length / rows));
  const w = columns * NOTE_W + (columns + 1) * GRID_GAP + 8;
  shapes.push({ kind: 'rect', x, y, w, h, fill: '#f8fafc', stroke: '#cbd5e1', strokeWidth: 1, radius: 6, dash: [5, 4] });
  shapes.push({ kind: 'text', x: x + GRID_GAP + 4, y: y + 22, text: 'Parking area', size: 14, bold: true, fill: INK });
  shapes.push({ kind: 'text', x: x + GRID_GAP + 4, y: y + 38, text: `${plural(notes.length, 'note')} not placed yet`, size: 11, fill: MUTED });
  const capacity = rows * columns;
  const shown = notes.length > capacity ? notes.slice(0, capacity - 1) : notes;
  const slot = (i: number) => ({
    sx: x + 4 + GRID_GAP + (i % columns) * (NOTE_W + GRID_GAP),
    sy: y + titleH + GRID_GAP + Math.floor(i / columns) * (NOTE_H + GRID_GAP),
  });
  shown.forEach((note, i) => {
    const { sx, sy } = slot(i);
    shapes.push(noteShape(note, sx, sy, measure));
  });
  if (shown.length < notes.length) {
    const { sx, sy } = slot(shown.length);
    shapes.push({ kind: 'rect', x: sx, y: sy, w: NOTE_W, h: NOTE_H, fill: '#ffffff', stroke: FAINT, strokeWidth: 1, radius: 3, dash: [3, 3] });
    shapes.push({ kind: 'text', x: sx + NOTE_W / 2, y: sy + NOTE_H / 2 - 2, text: `+ ${notes.length - shown.length} more`, size: 13, bold: true, fill: MUTED, anchor: 'middle' });
    shapes.push({ kind: 'text', x: sx + NOTE_W / 2, y: sy + NOTE_H / 2 + 14, text: 'listed in the summary', size: 10, fill: MUTED, anchor: 'middle' });
  }
  return x + w;
}

function legend(shapes: Shape[], summary: Summary, x: number, baseline: number): void {
  const parts = ['Dark circles show the votes a note received', `Generated on ${formatDate(summary.generatedAt, summary.timeZone)} with Four Paths`];
  shapes.push({ kind: 'text', x, y: baseline, text: parts.join('  ·  '), size: 10, fill: FAINT });
}
