import { describe, expect, it } from 'vitest';
import { PARKING, parkingSlot, placementOf } from '@shared/matrix';
import {
  BOARD_EXTENT,
  boardExtent,
  fitViewport,
  freeParkingSlot,
  matrixToScreen,
  matrixToWorld,
  MAX_ZOOM,
  noteAt,
  pinchViewport,
  screenToMatrix,
  viewportCenter,
  wheelIntent,
  worldToMatrix,
  zoomAt,
} from '../../client/canvas/geometry';

const vp = { x: 300, y: 200, zoom: 0.5 };

describe('coordinate transforms', () => {
  it('puts meaning at the top of the screen and external on the right', () => {
    const meaning = matrixToScreen(vp, { x: 0, y: 1 });
    const efficiency = matrixToScreen(vp, { x: 0, y: -1 });
    const internal = matrixToScreen(vp, { x: -1, y: 0 });
    const external = matrixToScreen(vp, { x: 1, y: 0 });
    expect(meaning.y).toBeLessThan(efficiency.y);
    expect(internal.x).toBeLessThan(external.x);
  });

  it('round-trips matrix → screen → matrix', () => {
    for (const p of [{ x: 0.3, y: -0.7 }, { x: -1, y: 1 }, { x: 2.1, y: 0.4 }]) {
      const back = screenToMatrix(vp, matrixToScreen(vp, p));
      expect(back.x).toBeCloseTo(p.x, 10);
      expect(back.y).toBeCloseTo(p.y, 10);
    }
    expect(worldToMatrix(matrixToWorld({ x: 0.25, y: 0.5 }))).toEqual({ x: 0.25, y: 0.5 });
  });

  it('keeps the point under the pointer still while zooming', () => {
    const anchor = { x: 640, y: 360 };
    const before = screenToMatrix(vp, anchor);
    const after = screenToMatrix(zoomAt(vp, anchor, 1.7), anchor);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
  });

  it('never zooms beyond the limits', () => {
    expect(zoomAt(vp, { x: 0, y: 0 }, 1000).zoom).toBe(MAX_ZOOM);
  });

  it('pinching keeps the world point between the fingers under them as they spread and move', () => {
    const a0 = { x: 100, y: 100 };
    const b0 = { x: 200, y: 100 };
    const a1 = { x: 50, y: 150 };
    const b1 = { x: 250, y: 150 };
    const next = pinchViewport(vp, a0, b0, a1, b1);
    expect(next.zoom).toBeCloseTo(vp.zoom * 2, 10);
    const under0 = screenToMatrix(vp, { x: 150, y: 100 });
    const under1 = screenToMatrix(next, { x: 150, y: 150 });
    expect(under1.x).toBeCloseTo(under0.x, 10);
    expect(under1.y).toBeCloseTo(under0.y, 10);
  });
});

describe('fitting the board', () => {
  it('shows the whole matrix and parking area inside the screen', () => {
    const screen = { width: 390, height: 844 };
    const fit = fitViewport(BOARD_EXTENT, screen);
    for (const corner of [
      { x: BOARD_EXTENT.minX, y: BOARD_EXTENT.maxY },
      { x: BOARD_EXTENT.maxX, y: BOARD_EXTENT.minY },
    ]) {
      const s = matrixToScreen(fit, corner);
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x).toBeLessThanOrEqual(screen.width);
      expect(s.y).toBeGreaterThanOrEqual(0);
      expect(s.y).toBeLessThanOrEqual(screen.height);
    }
  });

  it('grows to include a note that was dragged far outside', () => {
    const extent = boardExtent([{ x: -2.8, y: 2.9 }]);
    expect(extent.minX).toBeLessThan(-2.8);
    expect(extent.maxY).toBeGreaterThan(2.9);
    expect(extent.maxX).toBe(BOARD_EXTENT.maxX);
  });

  it('reports where the view is centred in matrix units', () => {
    const screen = { width: 1000, height: 800 };
    const fit = fitViewport({ minX: -1, maxX: 1, minY: -1, maxY: 1 }, screen);
    const c = viewportCenter(fit, screen);
    expect(c.x).toBeCloseTo(0, 3);
    expect(c.y).toBeCloseTo(0, 3);
  });
});

describe('finding notes', () => {
  it('picks the topmost (latest drawn) note under a point', () => {
    const notes = [
      { id: 'below', x: 0.5, y: 0.5 },
      { id: 'above', x: 0.55, y: 0.5 },
    ];
    expect(noteAt(notes, { x: 0.52, y: 0.5 })?.id).toBe('above');
    expect(noteAt(notes, { x: -0.5, y: 0.5 })).toBeNull();
  });

  it('puts a new note in the first free parking slot, unplaced', () => {
    const first = freeParkingSlot([]);
    expect(first).toEqual(parkingSlot(0));
    expect(placementOf(first.x, first.y)).toBe('unplaced');
    const second = freeParkingSlot([first]);
    expect(second).toEqual(parkingSlot(1));
    expect(second.x).toBeGreaterThanOrEqual(PARKING.minX);
  });
});

describe('wheel input', () => {
  it('zooms on a trackpad pinch (ctrl+wheel) and on a mouse wheel click', () => {
    expect(wheelIntent({ deltaX: 0, deltaY: -8, deltaMode: 0, ctrlKey: true, metaKey: false }).kind).toBe('zoom');
    const wheel = wheelIntent({ deltaX: 0, deltaY: 100, deltaMode: 0, ctrlKey: false, metaKey: false });
    expect(wheel.kind).toBe('zoom');
    expect(wheel.kind === 'zoom' && wheel.factor).toBeLessThan(1);
    expect(wheelIntent({ deltaX: 0, deltaY: 3, deltaMode: 1, ctrlKey: false, metaKey: false }).kind).toBe('zoom');
  });

  it('pans on a two-finger trackpad scroll', () => {
    const intent = wheelIntent({ deltaX: 6.5, deltaY: -12.25, deltaMode: 0, ctrlKey: false, metaKey: false });
    expect(intent).toEqual({ kind: 'pan', dx: -6.5, dy: 12.25 });
  });
});
