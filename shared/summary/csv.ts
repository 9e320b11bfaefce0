import { QUADRANTS } from '../matrix';
import { placementName, takeawayKind, tr } from './format';
import type { Summary, SummaryNote, SummaryTakeaway } from './types';

// One row per note, RFC 4180 (CRLF, quoted fields), UTF-8 with a BOM so spreadsheets detect the encoding.

export const CSV_COLUMNS = ['id', 'text', 'quadrant', 'path', 'placed', 'x', 'y', 'votes', 'author', 'createdAt', 'moves', 'takeaways', 'actions'] as const;

const BOM = '\uFEFF';

/** Spreadsheets run a cell that starts like a formula; a leading apostrophe keeps it text. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text from people goes through neutralizeFormula; numbers and our own keys do not need it. */
function row(note: SummaryNote, summary: Summary): string {
  const cells = [
    neutralizeFormula(note.id),
    neutralizeFormula(note.text),
    note.placement,
    neutralizeFormula(placementName(note.placement, summary)),
    note.placed ? 'true' : 'false',
    String(round(note.x)),
    String(round(note.y)),
    summary.votesHidden ? '' : String(note.votes),
    neutralizeFormula(note.author),
    note.createdAt,
    String(note.moves.length),
    neutralizeFormula(takeawayCell(note.takeaways.filter((t) => t.kind !== 'action'), summary)),
    neutralizeFormula(takeawayCell(note.takeaways.filter((t) => t.kind === 'action'), summary)),
  ];
  return cells.map(csvField).join(',');
}

/** "Decision: We start in May | Open question: Who moderates?"; actions carry their owner. */
function takeawayCell(takeaways: readonly SummaryTakeaway[], summary: Summary): string {
  const t = tr(summary);
  return takeaways.map((item) => `${takeawayKind(item.kind, summary)}: ${item.text}${item.owner ? ` (${t('takeaway.owner', { name: item.owner })})` : ''}`).join(' | ');
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export function renderCsv(summary: Summary): string {
  const notes = [...QUADRANTS.flatMap((q) => summary.paths[q].notes), ...summary.unplaced];
  const lines = [CSV_COLUMNS.join(','), ...notes.map((n) => row(n, summary))];
  return BOM + lines.join('\r\n') + '\r\n';
}
