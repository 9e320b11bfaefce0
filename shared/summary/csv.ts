import { QUADRANTS } from '../matrix';
import type { Wording } from '../schema/wording';
import { placementName, TAKEAWAY_KINDS } from './format';
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
function row(note: SummaryNote, votesHidden: boolean, wording: Wording): string {
  const cells = [
    neutralizeFormula(note.id),
    neutralizeFormula(note.text),
    note.placement,
    neutralizeFormula(placementName(note.placement, wording)),
    note.placed ? 'true' : 'false',
    String(round(note.x)),
    String(round(note.y)),
    votesHidden ? '' : String(note.votes),
    neutralizeFormula(note.author),
    note.createdAt,
    String(note.moves.length),
    neutralizeFormula(takeawayCell(note.takeaways.filter((t) => t.kind !== 'action'))),
    neutralizeFormula(takeawayCell(note.takeaways.filter((t) => t.kind === 'action'))),
  ];
  return cells.map(csvField).join(',');
}

/** "Decision: We start in May | Open question: Who moderates?"; actions carry their owner. */
function takeawayCell(takeaways: readonly SummaryTakeaway[]): string {
  return takeaways.map((t) => `${TAKEAWAY_KINDS[t.kind]}: ${t.text}${t.owner ? ` (owner: ${t.owner})` : ''}`).join(' | ');
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export function renderCsv(summary: Summary): string {
  const notes = [...QUADRANTS.flatMap((q) => summary.paths[q].notes), ...summary.unplaced];
  const lines = [CSV_COLUMNS.join(','), ...notes.map((n) => row(n, summary.votesHidden, summary.wording))];
  return BOM + lines.join('\r\n') + '\r\n';
}
