import { describe, expect, it } from 'vitest';
import { isOnFence, NOTE_SIZE, placementOf, QUADRANTS } from '@shared/matrix';
import { inReadingOrder, landingSpot } from '@shared/placement';

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < NOTE_SIZE.w && Math.abs(a.y - b.y) < NOTE_SIZE.h;

function insideQuadrant(p: { x: number; y: number }): boolean {
  const corners = [
    [p.x - NOTE_SIZE.w / 2, p.y - NOTE_SIZE.h / 2],
    [p.x + NOTE_SIZE.w / 2, p.y + NOTE_SIZE.h / 2],
  ] as const;
  return corners.every(([x, y]) => placementOf(x, y) === placementOf(p.x, p.y));
}

describe('landing spots for notes moved by a command', () => {
  it('puts a note into each chosen path, wholly inside it and off the fence', () => {
    for (const q of QUADRANTS) {
      const p = landingSpot(q, []);
      expect(placementOf(p.x, p.y)).toBe(q);
      expect(isOnFence(p.x, p.y)).toBe(false);
      expect(insideQuadrant(p)).toBe(true);
    }
  });

  it('fills a path without covering the notes already there, until it is full', () => {
    const placed: Array<{ x: number; y: number }> = [];
    for (let i = 0; i < 4; i++) {
      const p = landingSpot('product-resonance', placed);
      expect(placementOf(p.x, p.y)).toBe('product-resonance');
      expect(placed.some((o) => overlaps(o, p))).toBe(false);
      placed.push(p);
    }
  });

  it('still lands inside the path when the path is full, where it covers least', () => {
    const crowd = Array.from({ length: 60 }, (_, i) => ({ x: -0.9 + (i % 6) * 0.15, y: 0.15 + Math.floor(i / 6) * 0.085 }));
    const p = landingSpot('collective-values', crowd);
    expect(placementOf(p.x, p.y)).toBe('collective-values');
    expect(insideQuadrant(p)).toBe(true);
  });

  it('sends a note back to a free slot of the parking area', () => {
    const first = landingSpot('unplaced', []);
    expect(placementOf(first.x, first.y)).toBe('unplaced');
    const second = landingSpot('unplaced', [first]);
    expect(placementOf(second.x, second.y)).toBe('unplaced');
    expect(overlaps(first, second)).toBe(false);
  });
});

describe('reading order', () => {
  it('reads Collective Values, Product Resonance, Technology, Social Business, then the parking area, rows from the top', () => {
    const notes = [
      { id: 'parked', x: 1.5, y: 0.8 },
      { id: 'sb', x: 0.5, y: -0.5 },
      { id: 'cv-low-left', x: -0.8, y: 0.2 },
      { id: 'pr', x: 0.5, y: 0.5 },
      { id: 'cv-top-right', x: -0.3, y: 0.85 },
      { id: 'cv-top-left', x: -0.8, y: 0.8 },
      { id: 'tech', x: -0.5, y: -0.5 },
    ];
    expect(inReadingOrder(notes).map((n) => n.id)).toEqual(['cv-top-left', 'cv-top-right', 'cv-low-left', 'pr', 'tech', 'sb', 'parked']);
  });
});
