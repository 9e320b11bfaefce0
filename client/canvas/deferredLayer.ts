import type Konva from 'konva';
import { visibleWorld, type Rect, type Size, type Viewport } from './geometry';
import type { DrawView } from './NoteNode';

/** Redraw once the view has been still this long. */
const SETTLE_MS = 120;
/** Redraw at once when more of the screen than this shows parts that were never drawn. */
const MAX_UNDRAWN = 0.18;
/** …or when the stretched picture is this much bigger or smaller than drawn (blurry or sparse). */
const MAX_SCALE = 1.6;
/** Notes are culled to the drawn view plus this margin (screen px). */
const CULL_MARGIN_PX = 120;

function area(r: Rect): number {
  return Math.max(0, r.maxX - r.minX) * Math.max(0, r.maxY - r.minY);
}

function overlap(a: Rect, b: Rect): number {
  return area({ minX: Math.max(a.minX, b.minX), minY: Math.max(a.minY, b.minY), maxX: Math.min(a.maxX, b.maxX), maxY: Math.min(a.maxY, b.maxY) });
}

/**
 * Keeps the big notes layer still while the view moves. Redrawing 2,000 notes costs tens of
 * milliseconds (mostly text), too much for every frame of a pan or pinch; instead the layer's
 * canvas is moved and scaled with a CSS transform, and properly redrawn once the gesture
 * settles, or straight away when too much of the screen would otherwise stay empty or blurry.
 */
export class DeferredLayer {
  private drawn: Viewport | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly layer: Konva.Layer,
    /** What the notes in this layer read while drawing: the view it was last drawn at. */
    private readonly view: DrawView,
    private readonly size: () => Size,
  ) {}

  /** The view changed: stretch what is drawn, and redraw when needed. */
  update(vp: Viewport): void {
    const drawn = this.drawn;
    if (!drawn || this.needsRedraw(drawn, vp)) {
      this.redraw(vp);
      return;
    }
    const s = vp.zoom / drawn.zoom;
    const canvas = this.layer.getNativeCanvasElement();
    canvas.style.transformOrigin = '0 0';
    canvas.style.transform = `translate(${vp.x - drawn.x * s}px, ${vp.y - drawn.y * s}px) scale(${s})`;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.redraw(vp), SETTLE_MS);
  }

  destroy(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
  }

  private needsRedraw(drawn: Viewport, vp: Viewport): boolean {
    const s = vp.zoom / drawn.zoom;
    if (s > MAX_SCALE || s < 1 / MAX_SCALE) return true;
    const screen = this.size();
    const now = visibleWorld(vp, screen);
    const covered = overlap(now, visibleWorld(drawn, screen));
    return 1 - covered / Math.max(1e-9, area(now)) > MAX_UNDRAWN;
  }

  private redraw(vp: Viewport): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const world = visibleWorld(vp, this.size());
    const margin = CULL_MARGIN_PX / vp.zoom;
    this.view.zoom = vp.zoom;
    this.view.visible = { minX: world.minX - margin, minY: world.minY - margin, maxX: world.maxX + margin, maxY: world.maxY + margin };
    this.layer.setAttrs({ x: vp.x, y: vp.y, scaleX: vp.zoom, scaleY: vp.zoom });
    // Drawn synchronously so the new picture and the removed stretch appear in the same frame.
    this.layer.draw();
    this.layer.getNativeCanvasElement().style.transform = '';
    this.drawn = vp;
  }
}
