import { describe, expect, it } from 'vitest';
import { bestSample, sampleFrom, ServerClock } from '../../client/session/serverClock';

describe('estimating the server’s clock', () => {
  it('assumes the server answered in the middle of the round trip', () => {
    expect(sampleFrom(10_150, 1_000, 1_100)).toEqual({ offset: 9_100, rtt: 100 });
  });

  it('trusts the sample with the shortest round trip', () => {
    expect(bestSample([{ offset: 5, rtt: 80 }, { offset: 9, rtt: 12 }, { offset: 2, rtt: 40 }])).toEqual({ offset: 9, rtt: 12 });
    expect(bestSample([])).toBeNull();
  });

  it('tells server time from a clock that runs three minutes fast, and keeps the estimate when the network fails', async () => {
    const skew = -180_000;
    let calls = 0;
    const clock = new ServerClock(async () => {
      calls++;
      if (calls === 2) throw new Error('offline');
      return Date.now() + skew;
    });
    await clock.start();
    clock.stop();
    expect(calls).toBe(5);
    expect(clock.isMeasured).toBe(true);
    expect(Math.abs(clock.now() - (Date.now() + skew))).toBeLessThan(50);
  });
});
