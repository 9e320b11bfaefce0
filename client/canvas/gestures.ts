import { clampToWorld } from '@shared/matrix';
import type { Note } from '@shared/schema/board';
import { noteAt, panBy, pinchViewport, screenToMatrix, wheelIntent, zoomAt, type Point, type Viewport } from './geometry';
import type { ViewportStore } from './viewportStore';
import { holdsToPan, scopeOf } from '../session/keymap';

// Every pointer on the canvas goes through one small state machine, so mouse, pen, touch
// and trackpad behave alike: press on a note and move to drag it, press on empty space (or
// hold Space while the board has focus, or use the middle button) and move to pan, two
// fingers pinch and pan, a wheel or trackpad pinch zooms, a two-finger trackpad scroll pans.
// Notes are hit-tested in matrix units here, so the canvas layers never need a hit graph.

export interface GestureTarget {
  viewport: ViewportStore;
  notes(): readonly Note[];
  canEdit(): boolean;
  select(id: string | null): void;
  edit(id: string): void;
  createAt(p: Point): void;
  dragStart(id: string, start: Point): void;
  dragMove(id: string, p: Point): void;
  dragEnd(id: string, start: Point, end: Point): void;
  /** Where our pointer is, for the cursor others see; null when it left the board. */
  pointerAt(p: Point | null): void;
  /** The canvas shows a grab hand while panning is what a press would do. */
  setPanCursor(kind: 'grab' | 'grabbing' | null): void;
}

type Mode =
  | { kind: 'idle' }
  | { kind: 'pending'; pointerId: number; start: Point; noteId: string | null; onNote: boolean }
  | { kind: 'pan'; pointerId: number; last: Point }
  | { kind: 'drag'; pointerId: number; noteId: string; start: Point; grab: Point; at: Point }
  | { kind: 'pinch'; a: number; b: number; a0: Point; b0: Point; start: Viewport };

const DOUBLE_TAP_MS = 320;
const DOUBLE_TAP_PX = 24;
/** Dragging a note this close to the canvas edge scrolls the board, up to this fast (px per frame). */
const EDGE_PX = 44;
const EDGE_SPEED = 14;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

interface SafariGestureEvent extends UIEvent {
  scale: number;
  clientX: number;
  clientY: number;
}

export class CanvasGestures {
  private mode: Mode = { kind: 'idle' };
  private pointers = new Map<number, Point>();
  private spaceHeld = false;
  private lastTap: { at: number; p: Point } | null = null;
  private safariStart: { vp: Viewport; p: Point } | null = null;
  private dragPointer: Point | null = null;
  private edgeFrame = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly target: GestureTarget,
  ) {
    el.addEventListener('pointerdown', this.onDown);
    el.addEventListener('pointermove', this.onMove);
    el.addEventListener('pointerup', this.onUp);
    el.addEventListener('pointercancel', this.onCancel);
    el.addEventListener('pointerleave', this.onLeave);
    el.addEventListener('dblclick', this.onDoubleClick);
    el.addEventListener('wheel', this.onWheel, { passive: false });
    el.addEventListener('gesturestart', this.onSafariGesture as EventListener);
    el.addEventListener('gesturechange', this.onSafariGesture as EventListener);
    el.addEventListener('gestureend', this.onSafariGestureEnd);
    window.addEventListener('keydown', this.onKeyDown);
    window.addEventListener('keyup', this.onKeyUp);
    window.addEventListener('blur', this.onWindowBlur);
  }

  destroy(): void {
    const el = this.el;
    el.removeEventListener('pointerdown', this.onDown);
    el.removeEventListener('pointermove', this.onMove);
    el.removeEventListener('pointerup', this.onUp);
    el.removeEventListener('pointercancel', this.onCancel);
    el.removeEventListener('pointerleave', this.onLeave);
    el.removeEventListener('dblclick', this.onDoubleClick);
    el.removeEventListener('wheel', this.onWheel);
    el.removeEventListener('gesturestart', this.onSafariGesture as EventListener);
    el.removeEventListener('gesturechange', this.onSafariGesture as EventListener);
    el.removeEventListener('gestureend', this.onSafariGestureEnd);
    window.removeEventListener('keydown', this.onKeyDown);
    window.removeEventListener('keyup', this.onKeyUp);
    window.removeEventListener('blur', this.onWindowBlur);
    if (this.edgeFrame) cancelAnimationFrame(this.edgeFrame);
  }

  /** Ends a drag in progress at its current position (e.g. the note was deleted or editing was revoked). */
  cancelDrag(): void {
    if (this.mode.kind === 'drag') this.finishDrag(this.mode);
    this.mode = { kind: 'idle' };
  }

  private local(e: { clientX: number; clientY: number }): Point {
    const r = this.el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private toMatrix(p: Point): Point {
    return screenToMatrix(this.target.viewport.get(), p);
  }

  private onDown = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0 && e.button !== 1) return;
    const p = this.local(e);
    this.pointers.set(e.pointerId, p);
    try {
      this.el.setPointerCapture(e.pointerId);
    } catch {
      // A pointer that is already gone cannot be captured; its up event will not come either.
    }
    // Clicking the canvas is "clicking away" from a note being edited: let it save first.
    if (isTyping(document.activeElement)) (document.activeElement as HTMLElement).blur();

    if (this.pointers.size >= 2) {
      this.startPinch();
      return;
    }
    if (e.button === 1 || this.spaceHeld) {
      e.preventDefault();
      this.mode = { kind: 'pan', pointerId: e.pointerId, last: p };
      this.target.setPanCursor('grabbing');
      return;
    }
    const hit = noteAt(this.target.notes(), this.toMatrix(p));
    const draggable = !!hit && this.target.canEdit() && !hit.locked;
    if (hit && this.target.canEdit()) this.target.select(hit.id);
    this.mode = { kind: 'pending', pointerId: e.pointerId, start: p, noteId: draggable ? hit!.id : null, onNote: !!hit };
  };

  private onMove = (e: PointerEvent): void => {
    const p = this.local(e);
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, p);
    const mode = this.mode;
    if (e.pointerType !== 'touch' || mode.kind === 'drag') this.target.pointerAt(this.toMatrix(p));

    switch (mode.kind) {
      case 'pinch': {
        const a1 = this.pointers.get(mode.a);
        const b1 = this.pointers.get(mode.b);
        if (a1 && b1) this.target.viewport.set(pinchViewport(mode.start, mode.a0, mode.b0, a1, b1));
        return;
      }
      case 'pending': {
        if (e.pointerId !== mode.pointerId) return;
        const threshold = e.pointerType === 'mouse' ? 3 : 8;
        if (Math.hypot(p.x - mode.start.x, p.y - mode.start.y) < threshold) return;
        const note = mode.noteId ? this.target.notes().find((n) => n.id === mode.noteId) : undefined;
        if (note && this.target.canEdit()) {
          const pointer = this.toMatrix(mode.start);
          const start = { x: note.x, y: note.y };
          this.mode = { kind: 'drag', pointerId: mode.pointerId, noteId: note.id, start, grab: { x: note.x - pointer.x, y: note.y - pointer.y }, at: start };
          this.target.dragStart(note.id, start);
          this.moveDrag(p);
        } else {
          this.mode = { kind: 'pan', pointerId: mode.pointerId, last: mode.start };
          this.target.setPanCursor('grabbing');
          this.panTo(p);
        }
        return;
      }
      case 'pan':
        if (e.pointerId === mode.pointerId) this.panTo(p);
        return;
      case 'drag':
        if (e.pointerId === mode.pointerId) this.moveDrag(p);
        return;
      case 'idle':
        return;
    }
  };

  private onUp = (e: PointerEvent): void => {
    const p = this.local(e);
    const mode = this.mode;
    this.pointers.delete(e.pointerId);
    if (mode.kind === 'pinch') {
      // Lifting one finger of a pinch carries on as a pan with the other.
      const [rest] = [...this.pointers.entries()];
      this.mode = rest ? { kind: 'pan', pointerId: rest[0], last: rest[1] } : { kind: 'idle' };
      return;
    }
    if (mode.kind === 'drag' && e.pointerId === mode.pointerId) {
      this.moveDrag(p);
      this.finishDrag(this.mode.kind === 'drag' ? this.mode : mode);
    } else if (mode.kind === 'pending' && e.pointerId === mode.pointerId) {
      if (!mode.onNote) this.target.select(null);
      if (e.pointerType !== 'mouse') this.detectDoubleTap(p);
    }
    if (this.pointers.size === 0) {
      this.mode = { kind: 'idle' };
      this.target.setPanCursor(this.spaceHeld ? 'grab' : null);
    }
  };

  private onCancel = (e: PointerEvent): void => {
    const mode = this.mode;
    this.pointers.delete(e.pointerId);
    if (mode.kind === 'drag' && e.pointerId === mode.pointerId) this.finishDrag(mode);
    if (this.pointers.size === 0) {
      this.mode = { kind: 'idle' };
      this.target.setPanCursor(this.spaceHeld ? 'grab' : null);
    }
  };

  private onLeave = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && this.mode.kind === 'idle') this.target.pointerAt(null);
  };

  private onDoubleClick = (e: MouseEvent): void => {
    this.openOrCreate(this.local(e));
  };

  private detectDoubleTap(p: Point): void {
    const now = Date.now();
    const last = this.lastTap;
    if (last && now - last.at < DOUBLE_TAP_MS && Math.hypot(p.x - last.p.x, p.y - last.p.y) < DOUBLE_TAP_PX) {
      this.lastTap = null;
      this.openOrCreate(p);
    } else {
      this.lastTap = { at: now, p };
    }
  }

  private openOrCreate(p: Point): void {
    if (!this.target.canEdit()) return;
    const m = this.toMatrix(p);
    const hit = noteAt(this.target.notes(), m);
    if (hit) {
      if (!hit.locked) this.target.edit(hit.id);
    } else {
      this.target.createAt(clampToWorld(m.x, m.y));
    }
  }

  private onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const intent = wheelIntent(e);
    const vp = this.target.viewport.get();
    this.target.viewport.set(intent.kind === 'zoom' ? zoomAt(vp, this.local(e), intent.factor) : panBy(vp, intent.dx, intent.dy));
  };

  // Safari on macOS reports trackpad pinches as gesture events instead of ctrl+wheel.
  private onSafariGesture = (e: SafariGestureEvent): void => {
    e.preventDefault();
    if (e.type === 'gesturestart' || !this.safariStart) {
      this.safariStart = { vp: this.target.viewport.get(), p: this.local(e) };
      return;
    }
    const { vp, p } = this.safariStart;
    this.target.viewport.set(zoomAt(vp, p, e.scale));
  };

  private onSafariGestureEnd = (): void => {
    this.safariStart = null;
  };

  private startPinch(): void {
    if (this.mode.kind === 'drag') this.finishDrag(this.mode);
    const [[a, a0], [b, b0]] = [...this.pointers.entries()] as [[number, Point], [number, Point]];
    this.mode = { kind: 'pinch', a, b, a0, b0, start: this.target.viewport.get() };
    this.lastTap = null;
  }

  private panTo(p: Point): void {
    if (this.mode.kind !== 'pan') return;
    const { last } = this.mode;
    this.mode = { ...this.mode, last: p };
    this.target.viewport.set(panBy(this.target.viewport.get(), p.x - last.x, p.y - last.y));
  }

  private moveDrag(p: Point): void {
    if (this.mode.kind !== 'drag') return;
    this.dragPointer = p;
    const m = this.toMatrix(p);
    const at = clampToWorld(m.x + this.mode.grab.x, m.y + this.mode.grab.y);
    this.mode = { ...this.mode, at };
    this.target.dragMove(this.mode.noteId, at);
    if (!this.edgeFrame) this.edgeFrame = requestAnimationFrame(this.scrollAtEdge);
  }

  /** On a small screen the target is often off-screen: holding a note at the edge brings it into view. */
  private scrollAtEdge = (): void => {
    this.edgeFrame = 0;
    const p = this.dragPointer;
    if (this.mode.kind !== 'drag' || !p) return;
    const { width, height } = this.el.getBoundingClientRect();
    const push = (d: number) => (d < EDGE_PX ? ((EDGE_PX - Math.max(0, d)) / EDGE_PX) * EDGE_SPEED : 0);
    const dx = push(p.x) - push(width - p.x);
    const dy = push(p.y) - push(height - p.y);
    if (dx === 0 && dy === 0) return;
    this.target.viewport.set(panBy(this.target.viewport.get(), dx, dy));
    this.moveDrag(p);
  };

  private finishDrag(mode: Extract<Mode, { kind: 'drag' }>): void {
    if (this.edgeFrame) cancelAnimationFrame(this.edgeFrame);
    this.edgeFrame = 0;
    this.dragPointer = null;
    this.mode = { kind: 'idle' };
    this.target.dragEnd(mode.noteId, mode.start, mode.at);
  }

  private onKeyDown = (e: KeyboardEvent): void => {
    if (!holdsToPan(e.code, scopeOf(e.target))) return;
    e.preventDefault();
    if (!this.spaceHeld) {
      this.spaceHeld = true;
      if (this.mode.kind === 'idle') this.target.setPanCursor('grab');
    }
  };

  private onKeyUp = (e: KeyboardEvent): void => {
    if (e.code !== 'Space') return;
    this.spaceHeld = false;
    if (this.mode.kind === 'idle') this.target.setPanCursor(null);
  };

  private onWindowBlur = (): void => {
    this.spaceHeld = false;
    this.target.setPanCursor(null);
  };
}
