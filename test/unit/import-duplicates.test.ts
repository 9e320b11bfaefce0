import { describe, expect, it } from 'vitest';
import { findDuplicates } from '@shared/import/duplicates';

describe('finding duplicates among imported lines', () => {
  it('calls a line a duplicate when only case, punctuation and accents differ', () => {
    const found = findDuplicates(['CAFÉ for the whole team!', 'Open-book finances', 'Something new'], ['Café for the whole team', 'open book finances.']);
    expect(found).toEqual([
      { kind: 'duplicate', of: 'Café for the whole team' },
      { kind: 'duplicate', of: 'open book finances.' },
      null,
    ]);
  });

  it('flags a repeat within the same import', () => {
    expect(findDuplicates(['Staff podcast', 'staff  podcast'], [])).toEqual([null, { kind: 'duplicate', of: 'Staff podcast' }]);
  });

  it('hints at near-duplicates: a typo, or most words in common', () => {
    const found = findDuplicates(['Custmer forum', 'Monthly open Q&A with the leadership team now'], ['Customer forum', 'Monthly open Q&A with the leadership team']);
    expect(found.map((m) => m?.kind)).toEqual(['similar', 'similar']);
  });

  it('does not flag different initiatives that share a word or two', () => {
    expect(findDuplicates(['Customer forum', 'Values week'], ['Customer newsletter', 'Values workshop for new staff'])).toEqual([null, null]);
  });

  it('finds a planted duplicate among 1,000 lines against a full board of 5,000 notes within a few seconds on a busy machine', () => {
    const word = (i: number) => i.toString(36).replace(/\d/g, (d) => 'qwrtypsdfg'[Number(d)]!);
    const existing = Array.from({ length: 5000 }, (_, i) => `${word(i * 7919 + 100_000)} ${word(i)} initiative`);
    const candidates = Array.from({ length: 1000 }, (_, i) => `${word(i * 104_729 + 9_000_000)} imported`);
    const started = performance.now();
    candidates[500] = existing[4321]!.toUpperCase();
    const found = findDuplicates(candidates, existing);
    expect(found[500]).toEqual({ kind: 'duplicate', of: existing[4321] });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
