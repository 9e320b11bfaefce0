import { describe, expect, it } from 'vitest';
import { computeSummary } from '@shared/summary/compute';
import { moveLine, slugify, summaryFileName } from '@shared/summary/format';
import { renderJson } from '@shared/summary/json';
import { fitText, wrapText, type Measure } from '@shared/summary/textLayout';
import { sampleWorkshopInput } from '../fixtures/summaryWorkshop';

const mono: Measure = (text, size) => Array.from(text).length * size * 0.5;

describe('JSON summary', () => {
  it('is the documented object: schema version 1, paths keyed by quadrant in matrix order, ISO times', () => {
    const summary = computeSummary(sampleWorkshopInput());
    const json = JSON.parse(renderJson(summary)) as Record<string, unknown>;
    expect(json).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(Object.keys(json)).toEqual([
      'schemaVersion', 'generatedAt', 'timeZone', 'language', 'wording', 'workshop', 'activity', 'facilitators', 'participants', 'totals',
      'votesHidden', 'paths', 'unplaced', 'balance', 'topVoted', 'toDiscuss', 'participation', 'actions', 'notices',
    ]);
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.paths as object)).toEqual(['collective-values', 'product-resonance', 'technology', 'social-business']);
    expect(json.generatedAt).toBe('2025-03-12T09:15:00.000Z');
    const first = (json.paths as Record<string, { notes: Record<string, unknown>[] }>)['collective-values']!.notes[0]!;
    expect(Object.keys(first)).toEqual([
      'id', 'text', 'color', 'placement', 'placed', 'x', 'y', 'position', 'onFence', 'fenceBetween', 'votes', 'authorId', 'author', 'createdAt', 'moves', 'quadrantChanges', 'takeaways',
    ]);
  });
});

describe('summary wording', () => {
  it('names files after the title and the session day', () => {
    const summary = computeSummary(sampleWorkshopInput());
    expect(summaryFileName(summary, 'pdf')).toBe('four-paths-growing-social-at-aeroskobing-maritime-2025-03-12.pdf');
    expect(slugify('Zürich: Straße & Œuvre!')).toBe('zurich-strasse-oeuvre');
    expect(slugify('東京')).toBe('workshop');
  });

  it('describes a move with path names, the person and the local time', () => {
    const summary = computeSummary(sampleWorkshopInput());
    const move = { from: 'technology', to: 'collective-values', by: 'Ana', byId: 'p-ana', at: '2025-03-12T09:42:00.000Z' } as const;
    expect(moveLine(move, summary)).toBe('Technology → Collective Values by Ana at 10:42');
    expect(moveLine({ ...move, from: 'unplaced', at: '2025-03-14T09:42:00.000Z' }, summary)).toBe('Parking area → Collective Values by Ana at 14 Mar, 10:42');
  });
});

describe('text layout for the board picture', () => {
  it('wraps at word boundaries within the width and keeps explicit line breaks', () => {
    expect(wrapText('one two three four\nfive', { width: 50, size: 10, measure: mono })).toEqual(['one two', 'three four', 'five']);
  });

  it('breaks words that are too long and CJK text anywhere', () => {
    expect(wrapText('abcdefghijkl', { width: 25, size: 10, measure: mono })).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrapText('東京東京東京', { width: 20, size: 10, measure: mono })).toEqual(['東京東京', '東京']);
  });

  it('cuts to the line limit with an ellipsis', () => {
    expect(wrapText('one two three four five six', { width: 50, size: 10, maxLines: 2, measure: mono })).toEqual(['one two', 'three fou…']);
  });

  it('picks the largest note text size at which everything fits, like the board', () => {
    expect(fitText('Hi', 100, 60, mono).size).toBe(26);
    const long = fitText('a fairly long note that needs several lines to fit in the box', 100, 60, mono);
    expect(long.size).toBeLessThan(26);
    expect(long.lines.length * long.lineHeight).toBeLessThanOrEqual(60);
    expect(long.lines.join(' ')).toBe('a fairly long note that needs several lines to fit in the box');
  });
});
