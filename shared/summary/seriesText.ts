import { QUADRANTS, type Placement } from '../matrix';
import { csvField, neutralizeFormula } from './csv';
import { percent } from './format';
import { escapeMarkdown } from './markdown';
import type { SeriesSummary } from './series';

// The series comparison as Markdown and CSV (the PDF is drawn on the server).

export function seriesPlacementName(s: SeriesSummary, p: Placement): string {
  return p === 'unplaced' ? 'Parking area' : s.pathNames[p];
}

export function renderSeriesMarkdown(s: SeriesSummary): string {
  const md = escapeMarkdown;
  const out: string[] = ['# Four Paths: the same exercise with several groups', ''];
  out.push(`${s.groups.length} groups in this series. Generated ${s.generatedAt.slice(0, 10)} with Four Paths.`, '');
  out.push('## Balance per group', '');
  out.push(`| Group | Date | Notes | ${QUADRANTS.map((q) => md(s.pathNames[q])).join(' | ')} | Identity paths |`);
  out.push(`| --- | --- | ---: | ${QUADRANTS.map(() => '---:').join(' | ')} | ---: |`);
  for (const g of s.groups) {
    const cells = QUADRANTS.map((q) => `${g.perPath[q].count} (${percent(g.perPath[q].share)})`);
    out.push(`| ${md(g.title)} | ${g.date} | ${g.notes} | ${cells.join(' | ')} | ${percent(g.identityShare)} |`);
  }
  out.push('', '## Top-voted notes per group', '');
  for (const g of s.groups) {
    out.push(`### ${md(g.title)}`, '');
    if (g.topVoted.length === 0) out.push('No votes.', '');
    else out.push(...g.topVoted.map((n, i) => `${i + 1}. ${md(n.text)} · ${n.votes} vote${n.votes === 1 ? '' : 's'} · ${md(seriesPlacementName(s, n.placement))}`), '');
  }
  out.push('## Same note, different path', '');
  if (s.splits.length === 0) out.push('Every note that several groups wrote landed on the same path in each of them.');
  for (const split of s.splits) {
    out.push(`- **${md(split.text)}**: ${split.placements.map((p) => `${md(p.group)}: ${md(seriesPlacementName(s, p.placement))}`).join('; ')}`);
  }
  out.push('');
  return out.join('\n');
}

const SERIES_CSV_COLUMNS = ['section', 'group', 'date', 'text', 'path', 'count', 'share', 'votes'] as const;

/** One table: a "balance" row per group and path, a "top" row per favourite, a "split" row per group for each note that landed differently. */
export function renderSeriesCsv(s: SeriesSummary): string {
  const rows: string[][] = [];
  for (const g of s.groups) {
    for (const q of QUADRANTS) rows.push(['balance', g.title, g.date, '', s.pathNames[q], String(g.perPath[q].count), String(Math.round(g.perPath[q].share * 1000) / 1000), '']);
    for (const n of g.topVoted) rows.push(['top', g.title, g.date, n.text, seriesPlacementName(s, n.placement), '', '', String(n.votes)]);
  }
  for (const split of s.splits) {
    for (const p of split.placements) rows.push(['split', p.group, s.groups.find((g) => g.id === p.groupId)?.date ?? '', split.text, seriesPlacementName(s, p.placement), '', '', '']);
  }
  const lines = [SERIES_CSV_COLUMNS.join(','), ...rows.map((r) => r.map((c, i) => csvField(i === 1 || i === 3 || i === 4 ? neutralizeFormula(c) : c)).join(','))];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
