import { isPlaced, NOTE_SIZE, PARKING, parkingSlot } from '@shared/matrix';

// Three coordinate spaces:
// - matrix units (the document's): x -1 internal … +1 external, y -1 efficiency … +1 meaning;
// - world pixels (the Konva stage's children): UNIT px per matrix unit, y pointing down;
// - screen pixels (relative to the canvas container): world * zoom + pan.

export const UNIT = 400;
export const NOTE_W = NOTE_SIZE.w * UNIT;
export const NOTE_H = NOTE_SIZE.h * UNIT;
export const MIN_ZOOM = 0.08;
export const MAX_ZOOM = 4;

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Pan (screen px of the world origin) and zoom (screen px per world px). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** What "fit board" shows, in matrix units: the matrix with its axis titles and the parking area. */
export const BOARD_EXTENT: Rect = { minX: -1.1, maxX: PARKING.maxX + 0.05, minY: -1.22, maxY: 1.22 };

/** The matrix with its axis titles, without the parking area. */
const MATRIX_EXTENT: Rect = { ...BOARD_EXTENT, maxX: 1.1 };

/** What Present mode shows: the matrix, and the parking area only while it holds notes. */
export function presentExtent(notes: readonly Point[]): Rect {
  return notes.some((n) => !isPlaced(n.x, n.y)) ? boardExtent(notes) : MATRIX_EXTENT;
}

/** The top bar and the toolbar float over the canvas; a fitted board stays clear of them. */
export const PANEL_INSETS: Insets = { top: 64, right: 12, bottom: 76, left: 12 };

export function matrixToWorld(p: Point): Point {
  return { x: p.x * UNIT, y: -p.y * UNIT };
}

export function worldToMatrix(p: Point): Point {
  return { x: p.x / UNIT, y: -p.y / UNIT };
}

export function worldToScreen(vp: Viewport, p: Point): Point {
  return { x: p.x * vp.zoom + vp.x, y: p.y * vp.zoom + vp.y };
}

export function screenToWorld(vp: Viewport, p: Point): Point {
  return { x: (p.x - vp.x) / vp.zoom, y: (p.y - vp.y) / vp.zoom };
}

export function matrixToScreen(vp: Viewport, p: Point): Point {
  return worldToScreen(vp, matrixToWorld(p));
}

export function screenToMatrix(vp: Viewport, p: Point): Point {
  return worldToMatrix(screenToWorld(vp, p));
}

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zooms by a factor while keeping the world point under `anchor` (screen px) where it is. */
export function zoomAt(vp: Viewport, anchor: Point, factor: number): Viewport {
  const zoom = clampZoom(vp.zoom * factor);
  const world = screenToWorld(vp, anchor);
  return { zoom, x: anchor.x - world.x * zoom, y: anchor.y - world.y * zoom };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { ...vp, x: vp.x + dx, y: vp.y + dy };
}

/**
 * A two-finger gesture: the world point that was under the fingers' first midpoint stays
 * under their current midpoint, scaled by how far the fingers have spread.
 */
export function pinchViewport(start: Viewport, a0: Point, b0: Point, a1: Point, b1: Point): Viewport {
  const d0 = Math.hypot(b0.x - a0.x, b0.y - a0.y);
  const d1 = Math.hypot(b1.x - a1.x, b1.y - a1.y);
  const zoom = clampZoom(d0 > 0 ? start.zoom * (d1 / d0) : start.zoom);
  const mid0 = { x: (a0.x + b0.x) / 2, y: (a0.y + b0.y) / 2 };
  const mid1 = { x: (a1.x + b1.x) / 2, y: (a1.y + b1.y) / 2 };
  const world = screenToWorld(start, mid0);
  return { zoom, x: mid1.x - world.x * zoom, y: mid1.y - world.y * zoom };
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * The viewport that shows a matrix-unit rectangle whole and centred in the part of the screen
 * not covered by floating panels (insets, screen px).
 */
export function fitViewport(extent: Rect, screen: Size, insets: Insets | number = 24): Viewport {
  const m = typeof insets === 'number' ? { top: insets, right: insets, bottom: insets, left: insets } : insets;
  const tl = matrixToWorld({ x: extent.minX, y: extent.maxY });
  const br = matrixToWorld({ x: extent.maxX, y: extent.minY });
  const w = br.x - tl.x;
  const h = br.y - tl.y;
  const availW = Math.max(1, screen.width - m.left - m.right);
  const availH = Math.max(1, screen.height - m.top - m.bottom);
  const zoom = clampZoom(Math.min(availW / w, availH / h));
  return {
    zoom,
    x: m.left + (availW - w * zoom) / 2 - tl.x * zoom,
    y: m.top + (availH - h * zoom) / 2 - tl.y * zoom,
  };
}

/** A phone held upright: the matrix alone gets the width, and the parking area waits to its right. */
export function isPortraitPhone(screen: Size): boolean {
  return screen.width > 0 && screen.width <= 600 && screen.height > screen.width;
}

/** The matrix edge to edge: on a phone every CSS px of width goes to note text. */
const PHONE_EXTENT: Rect = { minX: -1.01, maxX: 1.01, minY: -1.22, maxY: 1.22 };

/**
 * The board extent grown to include every note, so "fit board" never hides one. On a portrait
 * phone it is the matrix and its placed notes only: fitting the parking area too would shrink
 * note text to a few pixels.
 */
export function boardExtent(notes: Iterable<Point>, screen?: Size): Rect {
  const phone = screen !== undefined && isPortraitPhone(screen);
  const r = { ...(phone ? PHONE_EXTENT : BOARD_EXTENT) };
  for (const n of notes) {
    if (phone && !isPlaced(n.x, n.y)) continue;
    r.minX = Math.min(r.minX, n.x - NOTE_SIZE.w / 2 - (phone ? 0 : 0.05));
    r.maxX = Math.max(r.maxX, n.x + NOTE_SIZE.w / 2 + (phone ? 0 : 0.05));
    r.minY = Math.min(r.minY, n.y - NOTE_SIZE.h / 2 - 0.05);
    r.maxY = Math.max(r.maxY, n.y + NOTE_SIZE.h / 2 + 0.05);
  }
  return r;
}

/** The part of the world (px) visible on screen. */
export function visibleWorld(vp: Viewport, screen: Size): Rect {
  const tl = screenToWorld(vp, { x: 0, y: 0 });
  const br = screenToWorld(vp, { x: screen.width, y: screen.height });
  return { minX: tl.x, minY: tl.y, maxX: br.x, maxY: br.y };
}

/** Where the view is centred, in matrix units, and its zoom: what presence shares as `viewport`. */
export function viewportCenter(vp: Viewport, screen: Size): Viewport {
  const c = screenToMatrix(vp, { x: screen.width / 2, y: screen.height / 2 });
  return { x: round3(c.x), y: round3(c.y), zoom: round3(vp.zoom) };
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export function isInsideNote(note: Point, p: Point): boolean {
  return Math.abs(p.x - note.x) <= NOTE_SIZE.w / 2 && Math.abs(p.y - note.y) <= NOTE_SIZE.h / 2;
}

/** The topmost note under a matrix point; later notes are drawn above earlier ones. */
export function noteAt<T extends Point>(notes: readonly T[], p: Point): T | null {
  for (let i = notes.length - 1; i >= 0; i--) {
    const n = notes[i]!;
    if (isInsideNote(n, p)) return n;
  }
  return null;
}

/** The first parking slot no note covers, so a new note never lands on top of another. */
export function freeParkingSlot(notes: readonly Point[]): Point {
  for (let i = 0; ; i++) {
    const slot = parkingSlot(i);
    const taken = notes.some((n) => Math.abs(n.x - slot.x) < NOTE_SIZE.w * 0.6 && Math.abs(n.y - slot.y) < NOTE_SIZE.h * 0.6);
    if (!taken) return slot;
  }
}

export interface WheelInput {
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrlKey: boolean;
  metaKey: boolean;
}

export type WheelIntent = { kind: 'zoom'; factor: number } | { kind: 'pan'; dx: number; dy: number };

/**
 * Browsers report a trackpad pinch as a wheel event with ctrlKey, and a trackpad's two-finger
 * scroll as small pixel deltas; a mouse wheel clicks in lines or in large whole steps. Pinches
 * and mouse wheels zoom, two-finger scrolls pan.
 */
export function wheelIntent(e: WheelInput): WheelIntent {
  const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
  const dx = e.deltaX * scale;
  const dy = e.deltaY * scale;
  if (e.ctrlKey || e.metaKey) return { kind: 'zoom', factor: Math.exp(-dy * 0.01) };
  const looksLikeMouseWheel = e.deltaMode !== 0 || (dx === 0 && Math.abs(dy) >= 50 && Number.isInteger(dy));
  if (looksLikeMouseWheel) return { kind: 'zoom', factor: Math.exp(-Math.sign(dy) * Math.min(Math.abs(dy), 200) * 0.0025) };
  return { kind: 'pan', dx: -dx, dy: -dy };
}
