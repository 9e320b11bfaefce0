import { describe, expect, it } from 'vitest';
import { NOTE_SIZE, WORLD, parkingSlot, placementOf } from '@shared/matrix';
import { revealPositions } from '../../server/facilitation/revealLayout';

const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h;

describe('where revealed notes land', () => {
  it('fills the parking area’s slots first', () => {
    const drafts = [parkingSlot(0), parkingSlot(0), parkingSlot(1)];
    expect(revealPositions(drafts, [])).toEqual([parkingSlot(0), parkingSlot(1), parkingSlot(2)]);
  });

  it('goes after notes already parked, without covering them', () => {
    const parked = [parkingSlot(0), { x: parkingSlot(1).x + 0.02, y: parkingSlot(1).y }];
    const placed = revealPositions([parkingSlot(0), parkingSlot(1)], parked);
    expect(placed).toEqual([parkingSlot(2), parkingSlot(3)]);
  });

  it('keeps 250 notes apart, off the matrix and inside the world', () => {
    const existing = [{ x: 0.2, y: 0.3 }, parkingSlot(5), { x: -2, y: -2 }];
    const placed = revealPositions(Array.from({ length: 250 }, () => parkingSlot(0)), existing);
    expect(placed).toHaveLength(250);
    for (const p of placed) {
      expect(placementOf(p.x, p.y)).toBe('unplaced');
      expect(p.x - NOTE_SIZE.w / 2).toBeGreaterThanOrEqual(WORLD.minX);
      expect(p.x + NOTE_SIZE.w / 2).toBeLessThanOrEqual(WORLD.maxX);
      expect(p.y - NOTE_SIZE.h / 2).toBeGreaterThanOrEqual(WORLD.minY);
      expect(p.y + NOTE_SIZE.h / 2).toBeLessThanOrEqual(WORLD.maxY);
    }
    const all = [...existing, ...placed];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlap(all[i]!, all[j]!), `${i} and ${j}`).toBe(false);
  });

  it('keeps a draft its writer dragged into a path where it was', () => {
    expect(revealPositions([{ x: -0.5, y: 0.6 }, parkingSlot(0)], [])).toEqual([{ x: -0.5, y: 0.6 }, parkingSlot(0)]);
  });

  it('moves a placed draft that would cover a note to the nearest free spot of the same path', () => {
    const onBoard = [{ x: 0.5, y: -0.5 }];
    const drafts = [{ x: 0.52, y: -0.5 }, { x: 0.5, y: -0.52 }];
    const placed = revealPositions(drafts, onBoard);
    for (const p of placed) {
      expect(placementOf(p.x, p.y)).toBe('social-business');
      expect(Math.hypot(p.x - 0.5, p.y + 0.5)).toBeLessThan(0.6);
    }
    const all = [...onBoard, ...placed];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlap(all[i]!, all[j]!)).toBe(false);
  });

  it('keeps a draft in its path even when the path has no free spot left', () => {
    const full = Array.from({ length: 25 }, (_, i) => ({ x: -0.9 + (i % 5) * 0.2, y: -0.9 + Math.floor(i / 5) * 0.2 }));
    const [p] = revealPositions([{ x: -0.5, y: -0.5 }], full);
    expect(placementOf(p!.x, p!.y)).toBe('technology');
  });
});
