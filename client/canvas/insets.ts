import type { Insets, Size } from './geometry';

// Toolbars, banners and panels float over the canvas, and other panels come and go
// (facilitator tools, summary). "Fit board" keeps the board clear of whatever is there now.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A box this close to an edge of the canvas, or to a box docked there, is docked too. */
const DOCKED_PX = 24;
const MARGIN_PX = 12;

type Side = keyof Insets;
const SIDES: Side[] = ['top', 'right', 'bottom', 'left'];

function nearEdge(b: Box, side: Side, size: Size): boolean {
  switch (side) {
    case 'top':
      return b.top <= DOCKED_PX;
    case 'bottom':
      return size.height - b.bottom <= DOCKED_PX;
    case 'left':
      return b.left <= DOCKED_PX;
    case 'right':
      return size.width - b.right <= DOCKED_PX;
  }
}

/** Whether `b` sits right against `a` on the side of `a` away from the edge (a banner under the top bar). */
function stackedOn(a: Box, b: Box, side: Side): boolean {
  const overlapX = a.left < b.right && b.left < a.right;
  const overlapY = a.top < b.bottom && b.top < a.bottom;
  switch (side) {
    case 'top':
      return overlapX && b.top >= a.top && b.top - a.bottom <= DOCKED_PX;
    case 'bottom':
      return overlapX && b.bottom <= a.bottom && a.top - b.bottom <= DOCKED_PX;
    case 'left':
      return overlapY && b.left >= a.left && b.left - a.right <= DOCKED_PX;
    case 'right':
      return overlapY && b.right <= a.right && a.left - b.right <= DOCKED_PX;
  }
}

function cost(b: Box, side: Side, size: Size): number {
  return side === 'top' ? b.bottom : side === 'bottom' ? size.height - b.top : side === 'left' ? b.right : size.width - b.left;
}

/**
 * The space each edge of the canvas loses to docked boxes. Boxes stack: a banner under the
 * top bar, zoom buttons above the toolbar. A box that could dock to several edges (a corner)
 * counts against the one where it takes less room; boxes floating mid-screen (dialogs,
 * popovers) or covering most of it (overlays) do not count.
 */
export function coveredInsets(boxes: readonly Box[], size: Size): Insets {
  const list = boxes.filter((b) => {
    const w = b.right - b.left;
    const h = b.bottom - b.top;
    return w > 0 && h > 0 && !(w > size.width * 0.6 && h > size.height * 0.6);
  });
  const reach = list.map((b) => new Set(SIDES.filter((side) => nearEdge(b, side, size))));
  for (let grew = true; grew; ) {
    grew = false;
    list.forEach((b, i) => {
      for (const side of SIDES) {
        if (reach[i]!.has(side)) continue;
        if (list.some((a, j) => j !== i && reach[j]!.has(side) && stackedOn(a, b, side))) {
          reach[i]!.add(side);
          grew = true;
        }
      }
    });
  }
  const covered: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  // A phone's width is too precious for side margins: the matrix may touch the screen's edges.
  const side = size.width <= 600 ? 2 : MARGIN_PX;
  list.forEach((b, i) => {
    let best: Side | null = null;
    for (const side of reach[i]!) if (best === null || cost(b, side, size) < cost(b, best, size)) best = side;
    if (best) covered[best] = Math.max(covered[best], cost(b, best, size));
  });
  return {
    top: covered.top + MARGIN_PX,
    right: covered.right + side,
    bottom: covered.bottom + MARGIN_PX,
    left: covered.left + side,
  };
}

function isShown(el: Element): boolean {
  const style = getComputedStyle(el);
  // Layout wrappers let pointers through and have no look of their own; their contents count instead.
  return style.pointerEvents !== 'none' && style.visibility === 'visible' && style.display !== 'none';
}

/** The outermost visible boxes over the canvas (a panel, not each of its buttons), relative to it. */
export function floatingBoxes(page: HTMLElement, canvas: HTMLElement): Box[] {
  const origin = canvas.getBoundingClientRect();
  const boxes: Box[] = [];
  const visit = (el: Element) => {
    // Hints that point off screen (the parking-area pill) float over the board on purpose.
    if (el === canvas || (el instanceof HTMLElement && el.dataset.overBoard !== undefined)) return;
    if (!isShown(el)) {
      for (const child of el.children) visit(child);
      return;
    }
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) boxes.push({ left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top });
  };
  for (const child of page.children) visit(child);
  return boxes;
}

/** Room to leave around a fitted board on this canvas, given what floats over it right now. */
export function boardInsets(canvas: HTMLElement): Insets {
  const page = canvas.parentElement ?? canvas;
  return coveredInsets(floatingBoxes(page, canvas), { width: canvas.clientWidth, height: canvas.clientHeight });
}
