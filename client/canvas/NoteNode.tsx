import { memo, useCallback, useMemo, type Ref } from 'react';
import { Shape } from 'react-konva';
import type Konva from 'konva';
import { PALETTE, type ColorKey } from '@shared/palette';
import type { Note } from '@shared/schema/board';
import { matrixToWorld, NOTE_H, NOTE_W, type Rect } from './geometry';
import { layoutNoteText, noteFont, NOTE_FONT_SIZES, type TextLayout } from './noteText';

/** Read at draw time, mutated by the board when the view changes, so notes need no re-render to cull. */
export interface DrawView {
  zoom: number;
  /** Visible world rectangle, with a margin. */
  visible: Rect;
}

const PAD = 9;
const TEXT_W = NOTE_W - 2 * PAD;
const TEXT_H = NOTE_H - 2 * PAD;
const INK = '#1f2937';
const SELECTED = '#1d4ed8';
const FOCUS_RING = '#0b2a6f';

let measureContext: CanvasRenderingContext2D | null = null;
let measuredFontSize = 0;

function measure(text: string, fontSize: number): number {
  if (!measureContext) measureContext = document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * fontSize * 0.55;
  if (measuredFontSize !== fontSize) {
    measureContext.font = noteFont(fontSize);
    measuredFontSize = fontSize;
  }
  return measureContext.measureText(text).width;
}

export function layoutFor(text: string): TextLayout {
  return layoutNoteText(text, TEXT_W, TEXT_H, measure);
}

/** Smallest text worth drawing as letters on screen; below it a long note is cut (with "…") rather than shrunk. */
const READABLE_PX = 12;

/**
 * The layout to draw at this zoom: while the largest note font still reads at 12 px or more on
 * screen, no line is drawn smaller than that; the note's whole text is in the list and its focus label.
 */
function layoutAt(text: string, zoom: number, cache: Map<number, TextLayout>): TextLayout {
  const normal = cache.get(0) ?? layoutFor(text);
  cache.set(0, normal);
  if (normal.fontSize * zoom >= READABLE_PX || NOTE_FONT_SIZES[0] * zoom < READABLE_PX) return normal;
  // Half-pixel steps of the world font size, so zooming reuses a handful of layouts.
  const floor = Math.ceil((READABLE_PX / zoom) * 2) / 2;
  const hit = cache.get(floor);
  if (hit) return hit;
  const layout = layoutNoteText(text, TEXT_W, TEXT_H, measure, [...NOTE_FONT_SIZES.filter((size) => size > floor), floor]);
  cache.set(floor, layout);
  return layout;
}

/** The note font size on screen at this zoom, in CSS px (for the test API). */
export function noteTextPx(text: string, zoom: number): number {
  return layoutAt(text, zoom, new Map()).fontSize * zoom;
}

interface Look {
  color: ColorKey;
  /** Layouts of this note's text by zoom, filled as the view zooms. */
  layouts: Map<number, TextLayout>;
  text: string;
  selected: boolean;
  /** Holds keyboard focus: a thick ring outside the note, dark with a white halo so it shows on every colour. */
  focused: boolean;
  /** Its text is being edited in the DOM overlay, so the canvas leaves the text out. */
  editing: boolean;
  locked: boolean;
  /** How many takeaways the note carries; shown as a small count badge. */
  takeaways: number;
  /** World position used for culling; null draws unconditionally (the dragged note). */
  cullAt: { x: number; y: number } | null;
}

function isCulled(at: { x: number; y: number }, view: DrawView): boolean {
  const v = view.visible;
  return at.x + NOTE_W / 2 < v.minX || at.x - NOTE_W / 2 > v.maxX || at.y + NOTE_H / 2 < v.minY || at.y - NOTE_H / 2 > v.maxY;
}

function drawLock(ctx: Konva.Context, x: number, y: number): void {
  ctx.setAttr('fillStyle', 'rgba(31, 41, 55, 0.55)');
  ctx.setAttr('strokeStyle', 'rgba(31, 41, 55, 0.55)');
  ctx.setAttr('lineWidth', 1.6);
  ctx.fillRect(x - 5, y - 1, 10, 8);
  ctx.beginPath();
  ctx.arc(x, y - 2, 3.4, Math.PI, 0);
  ctx.stroke();
}

function drawTakeawayBadge(ctx: Konva.Context, x: number, y: number, count: number): void {
  ctx.setAttr('fillStyle', '#1e3a8a');
  ctx.beginPath();
  ctx.arc(x, y, 8, 0, Math.PI * 2);
  ctx.fill();
  ctx.setAttr('fillStyle', '#ffffff');
  ctx.setAttr('font', noteFont(9));
  ctx.setAttr('textAlign', 'center');
  ctx.setAttr('textBaseline', 'middle');
  ctx.fillText(count > 99 ? '99+' : String(count), x, y + 0.5);
}

/** One canvas routine per note: shadow, paper, outline, text (or text-shaped bars when too small to read). */
function drawNote(ctx: Konva.Context, look: Look, view: DrawView): void {
  if (look.cullAt && isCulled(look.cullAt, view)) return;
  const x0 = -NOTE_W / 2;
  const y0 = -NOTE_H / 2;
  ctx.setAttr('fillStyle', 'rgba(15, 23, 42, 0.10)');
  ctx.fillRect(x0 + 1.5, y0 + 3, NOTE_W, NOTE_H);
  ctx.setAttr('fillStyle', PALETTE[look.color]);
  ctx.fillRect(x0, y0, NOTE_W, NOTE_H);
  if (look.selected) {
    ctx.setAttr('strokeStyle', SELECTED);
    ctx.setAttr('lineWidth', Math.max(3, 2.5 / view.zoom));
    ctx.strokeRect(x0 - 1.5, y0 - 1.5, NOTE_W + 3, NOTE_H + 3);
  } else {
    ctx.setAttr('strokeStyle', 'rgba(15, 23, 42, 0.16)');
    ctx.setAttr('lineWidth', Math.min(1.5, 1 / view.zoom));
    ctx.strokeRect(x0, y0, NOTE_W, NOTE_H);
  }
  if (look.focused) {
    // Never thinner than 3 screen px, however far the view is zoomed out.
    const w = Math.max(3, 3 / view.zoom);
    const gap = Math.max(4, 4 / view.zoom);
    ctx.setAttr('strokeStyle', '#ffffff');
    ctx.setAttr('lineWidth', w * 2);
    ctx.strokeRect(x0 - gap - w, y0 - gap - w, NOTE_W + 2 * (gap + w), NOTE_H + 2 * (gap + w));
    ctx.setAttr('strokeStyle', FOCUS_RING);
    ctx.setAttr('lineWidth', w);
    ctx.strokeRect(x0 - gap - w, y0 - gap - w, NOTE_W + 2 * (gap + w), NOTE_H + 2 * (gap + w));
  }
  if (look.locked) drawLock(ctx, -x0 - 11, y0 + 11);
  if (look.takeaways > 0) drawTakeawayBadge(ctx, -x0 - 10, -y0 - 10, look.takeaways);
  if (look.editing) return;
  const { lines, fontSize, lineHeight } = layoutAt(look.text, view.zoom, look.layouts);
  const top = -(lines.length * lineHeight) / 2;
  if (fontSize * view.zoom < 4.5) {
    ctx.setAttr('fillStyle', 'rgba(31, 41, 55, 0.28)');
    lines.forEach((line, i) => {
      const w = Math.min(TEXT_W, line.length * fontSize * 0.5);
      if (w > 0) ctx.fillRect(-w / 2, top + i * lineHeight + lineHeight * 0.3, w, lineHeight * 0.45);
    });
    return;
  }
  ctx.setAttr('fillStyle', INK);
  ctx.setAttr('font', noteFont(fontSize));
  ctx.setAttr('textAlign', 'center');
  ctx.setAttr('textBaseline', 'middle');
  lines.forEach((line, i) => ctx.fillText(line, 0, top + i * lineHeight + lineHeight / 2));
}

interface NoteNodeProps {
  note: Note;
  view: DrawView;
  selected: boolean;
  focused: boolean;
  editing: boolean;
  hidden: boolean;
}

function sameNoteProps(a: NoteNodeProps, b: NoteNodeProps): boolean {
  // A hidden note draws nothing: changing it while hidden would only redraw the whole layer.
  if (a.hidden && b.hidden) return true;
  return (
    a.view === b.view &&
    a.selected === b.selected &&
    a.focused === b.focused &&
    a.editing === b.editing &&
    a.hidden === b.hidden &&
    (a.note === b.note ||
      (a.note.x === b.note.x && a.note.y === b.note.y && a.note.text === b.note.text && a.note.color === b.note.color && a.note.locked === b.note.locked &&
        a.note.comments.length === b.note.comments.length))
  );
}

/** A note on the board. Memoised on its own drawn fields: a change to another note never re-renders it. */
export const NoteNode = memo(function NoteNode({ note, view, selected, focused, editing, hidden }: NoteNodeProps) {
  const layouts = useMemo(() => new Map<number, TextLayout>(), [note.text]);
  const at = useMemo(() => matrixToWorld(note), [note.x, note.y]);
  const sceneFunc = useCallback(
    (ctx: Konva.Context) => drawNote(ctx, { color: note.color, layouts, text: note.text, selected, focused, editing, locked: note.locked, takeaways: note.comments.length, cullAt: at }, view),
    [note.color, note.locked, note.comments.length, layouts, note.text, selected, focused, editing, at, view],
  );
  return <Shape x={at.x} y={at.y} sceneFunc={sceneFunc} visible={!hidden} listening={false} perfectDrawEnabled={false} />;
}, sameNoteProps);

interface DraggedNoteProps {
  note: Note;
  view: DrawView;
  /** Where the drag began (world px); the board moves the node itself from then on. */
  start: { x: number; y: number };
  nodeRef: Ref<Konva.Shape>;
}

/** The note under the pointer, on its own small layer; its position is set imperatively, never from props after mounting. */
export function DraggedNote({ note, view, start, nodeRef }: DraggedNoteProps) {
  const layouts = useMemo(() => new Map<number, TextLayout>(), [note.text]);
  const sceneFunc = useCallback(
    (ctx: Konva.Context) => {
      ctx.setAttr('globalAlpha', 0.96);
      drawNote(ctx, { color: note.color, layouts, text: note.text, selected: true, focused: false, editing: false, locked: false, takeaways: note.comments.length, cullAt: null }, view);
    },
    [note.color, layouts, note.text, view],
  );
  return <Shape ref={nodeRef} x={start.x} y={start.y} sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
}
