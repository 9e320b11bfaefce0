import { QUADRANTS, type Placement, type Quadrant } from '../matrix';
import { normalizeText } from '../import/normalize';
import type { Summary } from './types';

// Several groups doing the same exercise, side by side: balance, favourites, and the notes
// that one group put on a different path than another.

const SERIES_TOP = 3;

interface SeriesGroup {
  id: string;
  title: string;
  date: string;
  notes: number;
  placed: number;
  perPath: Record<Quadrant, { count: number; share: number }>;
  /** Share of placed notes in the two paths that engage identity, 0…1. */
  identityShare: number;
  topVoted: { text: string; votes: number; placement: Placement }[];
}

interface SeriesSplit {
  /** The note's text as the first group wrote it. */
  text: string;
  /** Where each group that wrote it put it. */
  placements: { groupId: string; group: string; placement: Placement }[];
}

export interface SeriesSummary {
  seriesId: string;
  generatedAt: string;
  /** The path names of the first group's wording, used for the headings. */
  pathNames: Record<Quadrant, string>;
  groups: SeriesGroup[];
  splits: SeriesSplit[];
}

function groupOf(s: Summary): SeriesGroup {
  return {
    id: s.workshop.id,
    title: s.workshop.title.trim() || 'Untitled workshop',
    date: s.workshop.date,
    notes: s.totals.notes,
    placed: s.totals.placed,
    perPath: Object.fromEntries(QUADRANTS.map((q) => [q, { count: s.paths[q].count, share: s.paths[q].share }])) as SeriesGroup['perPath'],
    identityShare: s.balance.identity.share,
    topVoted: s.topVoted.slice(0, SERIES_TOP).map((n) => ({ text: n.text, votes: n.votes, placement: n.placement })),
  };
}

/** Placed notes with the same normalised words in two or more groups that did not all land on the same path (the parking area is no path). */
function splitsOf(summaries: readonly Summary[]): SeriesSplit[] {
  const byText = new Map<string, SeriesSplit>();
  for (const s of summaries) {
    const group = s.workshop.title.trim() || 'Untitled workshop';
    const notes = QUADRANTS.flatMap((q) => s.paths[q].notes);
    const seen = new Set<string>();
    for (const n of notes) {
      const key = normalizeText(n.text);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const split = byText.get(key) ?? { text: n.text.trim(), placements: [] };
      split.placements.push({ groupId: s.workshop.id, group, placement: n.placement });
      byText.set(key, split);
    }
  }
  return [...byText.values()].filter((s) => s.placements.length > 1 && new Set(s.placements.map((p) => p.placement)).size > 1);
}

export function computeSeriesSummary(seriesId: string, summaries: readonly Summary[], generatedAt: number): SeriesSummary {
  const first = summaries[0];
  return {
    seriesId,
    generatedAt: new Date(generatedAt).toISOString(),
    pathNames: Object.fromEntries(QUADRANTS.map((q) => [q, first ? first.paths[q].name : q])) as Record<Quadrant, string>,
    groups: summaries.map(groupOf),
    splits: splitsOf(summaries),
  };
}
