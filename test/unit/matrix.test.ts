import { describe, expect, it } from 'vitest';
import { isOnFence, isPlaced, parkingSlot, placementOf, quadrantOf, NOTE_SIZE, PARKING } from '@shared/matrix';

describe('quadrant classification', () => {
  it('puts each corner of the matrix in its path', () => {
    expect(quadrantOf(-0.5, 0.5)).toBe('collective-values');
    expect(quadrantOf(0.5, 0.5)).toBe('product-resonance');
    expect(quadrantOf(-0.5, -0.5)).toBe('technology');
    expect(quadrantOf(0.5, -0.5)).toBe('social-business');
  });

  it('breaks ties on the axes towards external and meaning', () => {
    expect(quadrantOf(0, 0)).toBe('product-resonance');
    expect(quadrantOf(0, -0.5)).toBe('social-business');
    expect(quadrantOf(-0.5, 0)).toBe('collective-values');
    expect(quadrantOf(-0.0001, -0.0001)).toBe('technology');
  });

  it('treats the matrix edges as placed and anything beyond as the parking area', () => {
    expect(isPlaced(1, 1)).toBe(true);
    expect(isPlaced(-1, -1)).toBe(true);
    expect(isPlaced(1.0001, 0)).toBe(false);
    expect(placementOf(0, -1.2)).toBe('unplaced');
    expect(placementOf(1.5, 0.5)).toBe('unplaced');
  });

  it('marks placed notes near an axis as on the fence, never parked ones', () => {
    expect(isOnFence(0.05, 0.8)).toBe(true);
    expect(isOnFence(-0.8, -0.099)).toBe(true);
    expect(isOnFence(-0.8, -0.1)).toBe(false);
    expect(isOnFence(1.5, 0)).toBe(false);
  });
});

describe('parking slots', () => {
  it('lays out notes in the parking area without overlap', () => {
    const slots = Array.from({ length: 40 }, (_, i) => parkingSlot(i));
    for (const s of slots) expect(isPlaced(s.x, s.y)).toBe(false);
    expect(slots[0]!.x).toBeGreaterThan(PARKING.minX);
    for (let i = 0; i < slots.length; i++)
      for (let j = i + 1; j < slots.length; j++) {
        const a = slots[i]!;
        const b = slots[j]!;
        const overlap = Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h;
        expect(overlap, `slots ${i} and ${j} overlap`).toBe(false);
      }
  });
});
