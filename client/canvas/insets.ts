import type { Insets, Size } from './geometry';

// Toolbars, banners and panels float over the canvas, and other panels come and go
// (facilitator tools, summary). "Fit board" keeps the board clear of whatever is there now.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A box this close to an edge of the canvas is docked to it. */
const DOCKED_PX = 24;
const MARGIN_PX = 12;

/**
 * The space each edge of the canvas loses to docked boxes. A box near two edges (a corner)
 * counts against the one where it takes less room; boxes floating mid-screen (dialogs,
 * popovers) or covering most of it (overlays) do not count.
 */
export function coveredInsets(boxes: readonly Box[], size: Size): Insets {
  const insets = { top: MARGIN_PX, right: MARGIN_PX, bottom: MARGIN_PX, left: MARGIN_PX };
  for (const b of boxes) {
    const w = b.right - b.left;
    const h = b.bottom - b.top;
    if (w <= 0 || h <= 0) continue;
    if (w > size.width * 0.6 && h > size.height * 0.6) continue;
    const options: Array<[keyof Insets, number]> = [];
    if (b.top <= DOCKED_PX) options.push(['top', b.bottom]);
    if (size.height - b.bottom <= DOCKED_PX) options.push(['bottom', size.height - b.top]);
    if (b.left <= DOCKED_PX) options.push(['left', b.right]);
    if (size.width - b.right <= DOCKED_PX) options.push(['right', size.width - b.left]);
    if (options.length === 0) continue;
    const [side, cost] = options.reduce((best, o) => (o[1] < best[1] ? o : best));
    insets[side] = Math.max(insets[side], cost + MARGIN_PX);
  }
  return insets;
}

/** The boxes of everything visible over the canvas, relative to it. */
export function floatingBoxes(page: HTMLElement, canvas: HTMLElement): Box[] {
  const origin = canvas.getBoundingClientRect();
  const boxes: Box[] = [];
  for (const el of page.querySelectorAll<HTMLElement>('*')) {
    if (canvas.contains(el)) continue;
    const style = getComputedStyle(el);
    // Layout wrappers let pointers through and have no look of their own; their contents count instead.
    if (style.pointerEvents === 'none' || style.visibility !== 'visible' || style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    boxes.push({ left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top });
  }
  return boxes;
}

/** Room to leave around a fitted board on this canvas, given what floats over it right now. */
export function boardInsets(canvas: HTMLElement): Insets {
  const page = canvas.parentElement ?? canvas;
  return coveredInsets(floatingBoxes(page, canvas), { width: canvas.clientWidth, height: canvas.clientHeight });
}
