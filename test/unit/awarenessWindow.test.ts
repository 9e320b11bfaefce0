import { describe, expect, it } from 'vitest';
import { flushWindow } from '../../server/rooms/awarenessWindow';

describe('the presence flush window', () => {
  it('is one 60 Hz frame for a full room while the event loop is mostly idle', () => {
    expect(flushWindow(40, 200, 0.1)).toBeCloseTo(16);
    expect(flushWindow(40, 25, 0.5)).toBeCloseTo(16);
  });

  it('widens to the whole interval as the event loop saturates', () => {
    expect(flushWindow(40, 200, 0.7)).toBeCloseTo(28);
    expect(flushWindow(40, 200, 0.9)).toBeCloseTo(40);
    expect(flushWindow(40, 200, 1)).toBeCloseTo(40);
  });

  it('stays proportionally shorter in a small room', () => {
    expect(flushWindow(40, 4, 0.1)).toBeCloseTo(2.56);
    expect(flushWindow(40, 4, 1)).toBeCloseTo(6.4);
  });
});
