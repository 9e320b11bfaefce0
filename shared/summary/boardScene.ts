import { FENCE_MARGIN, NOTE_SIZE, QUADRANTS, } from '../matrix';
import { FENCE_OPACITY, MATRIX_INK } from '../matrixInk';
import { PALETTE, QUADRANT_TINT } from '../palette';
import { PATHS } from '../paths';
import type { Wording } from '../schema/wording';
import { counted, formatDate, percent, tr } from './format';
import { estimateWidth, fitLine, fitText, type Measure } from './textLayout';
import type { Summary, SummaryNote } from './types';

// The board as people saw it, as a display list that the SVG and PDF renderers both draw.
// Scale and note text sizes follow the board (client/canvas), tints are shared/palette.ts's; names and
// axis titles sit outside the matrix here, where no note can cover them on paper.

export type Anchor = 'start' | 'middle' | 'end';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string; strokeWidth?: number; radius?: number; opacity?: number; dash?: readonly number[] }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }
  | { kind: 'polygon'; points: ReadonlyArray<readonly [number, number]>; fill: string }
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

const SCALE = 400; // px per matrix unit, as on the board
const PAD = 36;
const HEADER = 84;
const SIDE_BAND = 58; // axis titles left and right of the matrix
const NAME_BAND = 70; // quadrant names and axis titles above and below the matrix
const NOTE_W = NOTE_SIZE.w * SCALE;
const NOTE_H = NOTE_SIZE.h * SCALE;
const NOTE_PAD = 8;
const BLEED_X = NOTE_W / 2; // notes on the edge stick out by half their size
const BLEED_Y = NOTE_H / 2;
const MATRIX = 2 * SCALE;
const GRID_GAP = 14;
const PARKING_COLUMNS = 3;

const INK = MATRIX_INK.pathName;
const MUTED = MATRIX_INK.pathHint;
const FAINT = '#94a3b8';
const AXIS = MATRIX_INK.axis;

export interface SceneOptions {
  measure?: Measure;
}

/** Lays out the whole picture: header, matrix with quadrant names, notes with votes, parking area, legend. */
export function buildBoardScene(summary: Summary, opts: SceneOptions = {}): BoardScene {
  const measure = opts.measure ?? estimateWidth;
  const shapes: Shape[] = [];
  const left = PAD + SIDE_BAND + BLEED_X;
  const top = PAD + HEADER + NAME_BAND + BLEED_Y;
  const right = left + MATRIX;
  const bottom = top + MATRIX;
  const px = (x: number) => left + (x + 1) * SCALE;
  const py = (y: number) => top + (1 - y) * SCALE;

  header(shapes, summary, measure);
  matrix(shapes, left, top);
  quadrantNames(shapes, summary, left, top);
  axisTitles(shapes, left, top, summary.wording.axes);

  const placed = QUADRANTS.flatMap((q) => summary.paths[q].notes).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const note of placed) shapes.push(noteShape(note, px(note.x) - NOTE_W / 2, py(note.y) - NOTE_H / 2, measure, summary));

  let width = right + BLEED_X + SIDE_BAND + PAD;
  if (summary.unplaced.length > 0) width = parking(shapes, summary, width - PAD + 10, top - BLEED_Y, MATRIX + 2 * BLEED_Y, measure) + PAD;

  const height = bottom + BLEED_Y + NAME_BAND + 60 + PAD;
  legend(shapes, summary, height - PAD);
  return { width: Math.ceil(width), height: Math.ceil(height), shapes };
}

function header(shapes: Shape[], summary: Summary, measure: Measure): void {
  const t = tr(summary);
  const title = summary.workshop.title.trim() || t('untitled');
  shapes.push({ kind: 'text', x: PAD, y: PAD + 30, text: fitLine(title, 1100, (s) => measure(s, 28, true)), size: 28, bold: true, fill: INK });
  const bits = [
    t('tagline'),
    formatDate(`${summary.workshop.date}T12:00:00Z`, 'UTC', summary.language),
    counted(summary, 'notes', summary.totals.notes),
    summary.votesHidden ? t('scene.votesHidden') : counted(summary, 'votes', summary.totals.votes),
  ];
  shapes.push({ kind: 'text', x: PAD, y: PAD + 58, text: bits.join('  ·  '), size: 15, fill: MUTED });
}

function arrowHead(tip: readonly [number, number], dx: number, dy: number): Shape {
  const [x, y] = tip;
  const len = 14;
  const half = 6;
  return {
    kind: 'polygon',
    points: [
      [x, y],
      [x - dx * len - dy * half, y - dy * len + dx * half],
      [x - dx * len + dy * half, y - dy * len - dx * half],
    ],
    fill: AXIS,
  };
}

/** Tinted quadrants, the fence bands where notes count as "on the fence", and the two axes with arrows. */
function matrix(shapes: Shape[], left: number, top: number): void {
  for (const q of QUADRANTS) {
    const x = PATHS[q].trigger === 'internal' ? left : left + SCALE;
    const y = PATHS[q].aim === 'meaning' ? top : top + SCALE;
    shapes.push({ kind: 'rect', x, y, w: SCALE, h: SCALE, fill: QUADRANT_TINT[q] });
  }
  const fence = FENCE_MARGIN * SCALE;
  const cx = left + SCALE;
  const cy = top + SCALE;
  shapes.push({ kind: 'rect', x: cx - fence, y: top, w: 2 * fence, h: MATRIX, fill: MATRIX_INK.fence, opacity: FENCE_OPACITY });
  shapes.push({ kind: 'rect', x: left, y: cy - fence, w: MATRIX, h: 2 * fence, fill: MATRIX_INK.fence, opacity: FENCE_OPACITY });
  shapes.push({ kind: 'rect', x: left, y: top, w: MATRIX, h: MATRIX, fill: 'none', stroke: MATRIX_INK.frame, strokeWidth: 2 });
  const reach = 30;
  shapes.push({ kind: 'line', x1: left - reach, y1: cy, x2: left + MATRIX + reach, y2: cy, stroke: AXIS, width: 2.5 });
  shapes.push({ kind: 'line', x1: cx, y1: top - reach, x2: cx, y2: top + MATRIX + reach, stroke: AXIS, width: 2.5 });
  shapes.push(arrowHead([left - reach, cy], -1, 0), arrowHead([left + MATRIX + reach, cy], 1, 0));
  shapes.push(arrowHead([cx, top - reach], 0, -1), arrowHead([cx, top + MATRIX + reach], 0, 1));
}

/** Names, hints and counts in the bands above and below the matrix, at the outer corners. */
function quadrantNames(shapes: Shape[], summary: Summary, left: number, top: number): void {
  for (const q of QUADRANTS) {
    const path = summary.paths[q];
    const isLeft = path.trigger === 'internal';
    const x = isLeft ? left : left + MATRIX;
    const anchor: Anchor = isLeft ? 'start' : 'end';
    const nameY = path.aim === 'meaning' ? top - BLEED_Y - NAME_BAND + 22 : top + MATRIX + BLEED_Y + 26;
    shapes.push({ kind: 'text', x, y: nameY, text: path.name, size: 21, bold: true, fill: INK, anchor });
    shapes.push({ kind: 'text', x, y: nameY + 20, text: path.hint, size: 13, italic: true, fill: MUTED, anchor });
    shapes.push({ kind: 'text', x, y: nameY + 38, text: tr(summary)('path.ofPlaced', { notes: counted(summary, 'notes', path.count), share: percent(path.share, summary.language) }), size: 13, fill: MUTED, anchor });
  }
}

function axisTitles(shapes: Shape[], left: number, top: number, axes: Wording['axes']): void {
  const cx = left + SCALE;
  const cy = top + SCALE;
  const title = { size: 17, bold: true, fill: MATRIX_INK.axisTitle, anchor: 'middle' } as const;
  const caption = { size: 13, fill: MATRIX_INK.axisLabel, anchor: 'middle' } as const;
  const above = top - BLEED_Y - NAME_BAND + 22;
  const below = top + MATRIX + BLEED_Y + 26;
  shapes.push({ kind: 'text', ...title, x: cx, y: above, text: axes.aim.high.toUpperCase() });
  shapes.push({ kind: 'text', ...caption, x: cx, y: above + 20, text: axes.aim.label.toLowerCase() });
  shapes.push({ kind: 'text', ...title, x: cx, y: below, text: axes.aim.low.toUpperCase() });
  shapes.push({ kind: 'text', ...caption, x: cx, y: below + 20, text: axes.aim.label.toLowerCase() });
  const sideLeft = left - BLEED_X - 16;
  const sideRight = left + MATRIX + BLEED_X + 16;
  shapes.push({ kind: 'text', ...title, x: sideLeft - 18, y: cy, text: axes.trigger.low.toUpperCase(), rotate: -90 });
  shapes.push({ kind: 'text', ...caption, x: sideLeft, y: cy, text: axes.trigger.label.toLowerCase(), rotate: -90 });
  shapes.push({ kind: 'text', ...title, x: sideRight + 18, y: cy, text: axes.trigger.high.toUpperCase(), rotate: 90 });
  shapes.push({ kind: 'text', ...caption, x: sideRight, y: cy, text: axes.trigger.label.toLowerCase(), rotate: 90 });
}

function noteShape(note: SummaryNote, x: number, y: number, measure: Measure, summary: Summary): Shape {
  const fitted = fitText(note.text, NOTE_W - 2 * NOTE_PAD, NOTE_H - 2 * NOTE_PAD, measure);
  const shapes: Shape[] = [
    { kind: 'rect', x: x + 1.5, y: y + 3, w: NOTE_W, h: NOTE_H, fill: '#0f172a', opacity: 0.1 },
    { kind: 'rect', x, y, w: NOTE_W, h: NOTE_H, fill: PALETTE[note.color], stroke: '#8a94a3', strokeWidth: 0.6 },
  ];
  // Centred like the board: the block of lines sits in the middle, each line centred.
  const blockTop = y + NOTE_H / 2 - (fitted.lines.length * fitted.lineHeight) / 2;
  fitted.lines.forEach((line, i) => {
    const baseline = blockTop + i * fitted.lineHeight + fitted.lineHeight / 2 + fitted.size * 0.35;
    shapes.push({ kind: 'text', x: x + NOTE_W / 2, y: baseline, text: line, size: fitted.size, fill: INK, anchor: 'middle' });
  });
  if (note.votes > 0) {
    const cx = x + NOTE_W - 4;
    const cy = y + 4;
    const label = String(note.votes);
    const r = Math.max(12, measure(label, 12, true) / 2 + 6);
    shapes.push({ kind: 'circle', cx, cy, r, fill: INK });
    shapes.push({ kind: 'text', x: cx, y: cy + 4.3, text: label, size: 12, bold: true, fill: '#ffffff', anchor: 'middle' });
  }
  const facts = [note.author, note.votes ? counted(summary, 'votes', note.votes) : ''].filter(Boolean).join(', ');
  return { kind: 'group', title: facts ? `${note.text} (${facts})` : note.text, shapes };
}

/** Unplaced notes in a tidy grid beside the matrix; returns the right edge. */
function parking(shapes: Shape[], summary: Summary, x: number, y: number, h: number, measure: Measure): number {
  const notes = summary.unplaced;
  const t = tr(summary);
  const titleH = 58;
  const rows = Math.max(1, Math.floor((h - titleH - GRID_GAP) / (NOTE_H + GRID_GAP)));
  const columns = Math.min(PARKING_COLUMNS, Math.ceil(notes.length / rows));
  const w = columns * NOTE_W + (columns + 1) * GRID_GAP + 8;
  shapes.push({ kind: 'rect', x, y, w, h, fill: MATRIX_INK.parkingFill, stroke: MATRIX_INK.parkingEdge, strokeWidth: 2, radius: 14, dash: [12, 9] });
  shapes.push({ kind: 'text', x: x + w / 2, y: y + 28, text: t('parking.title'), size: 15, bold: true, fill: MATRIX_INK.parkingTitle, anchor: 'middle' });
  shapes.push({ kind: 'text', x: x + w / 2, y: y + 46, text: counted(summary, 'notes', notes.length), size: 13, fill: MATRIX_INK.parkingHelp, anchor: 'middle' });
  const capacity = rows * columns;
  const shown = notes.length > capacity ? notes.slice(0, capacity - 1) : notes;
  const slot = (i: number) => ({
    sx: x + 4 + GRID_GAP + (i % columns) * (NOTE_W + GRID_GAP),
    sy: y + titleH + GRID_GAP + Math.floor(i / columns) * (NOTE_H + GRID_GAP),
  });
  shown.forEach((note, i) => {
    const { sx, sy } = slot(i);
    shapes.push(noteShape(note, sx, sy, measure, summary));
  });
  if (shown.length < notes.length) {
    const { sx, sy } = slot(shown.length);
    shapes.push({ kind: 'rect', x: sx, y: sy, w: NOTE_W, h: NOTE_H, fill: '#ffffff', stroke: FAINT, strokeWidth: 1.5, radius: 4, dash: [4, 4] });
    shapes.push({ kind: 'text', x: sx + NOTE_W / 2, y: sy + NOTE_H / 2, text: t('scene.more', { count: notes.length - shown.length }), size: 16, bold: true, fill: MUTED, anchor: 'middle' });
    shapes.push({ kind: 'text', x: sx + NOTE_W / 2, y: sy + NOTE_H / 2 + 18, text: t('scene.listed'), size: 12, fill: MUTED, anchor: 'middle' });
  }
  return x + w;
}

function legend(shapes: Shape[], summary: Summary, baseline: number): void {
  shapes.push({
    kind: 'text',
    x: PAD,
    y: baseline - 18,
    text: tr(summary)('scene.identityLegend', { cv: summary.wording.paths['collective-values'].name, pr: summary.wording.paths['product-resonance'].name }),
    size: 13,
    fill: MUTED,
  });
  const t = tr(summary);
  const parts = [t('scene.votesLegend'), t('scene.fenceLegend'), t('scene.generatedLegend', { date: formatDate(summary.generatedAt, summary.timeZone, summary.language) })];
  shapes.push({ kind: 'text', x: PAD, y: baseline, text: parts.join('  ·  '), size: 12, fill: FAINT });
}
