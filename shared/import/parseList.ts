import { DEFAULT_LIMITS } from '../limits';
import type { NoteLimits } from '../schema/note';
import { noteTextOf, sizeProblem, type ImportRow, type ParseResult } from './rows';

// One note per line; the list markers people paste from documents and chats are dropped.

// "- ", "* ", "• ", "1. ", "1) ", "a) ", "(a) ", "[ ] " (a checklist box): at most one marker, then the text.
const MARKER = /^\s*(?:[-*•‣◦–—+]|\(?(?:\d{1,4}|[a-zA-Z])[.)]|\[[ xX]?\])\s+/;

function stripListMarker(line: string): string {
  return line.replace(MARKER, '');
}

/** Without the server's limits, notes are cut at the default MAX_TEXT. */
export function parseList(input: string, limits: NoteLimits = DEFAULT_LIMITS): ParseResult {
  const tooBig = sizeProblem(input);
  if (tooBig) return { ok: false, error: tooBig };
  const rows: ImportRow[] = [];
  input
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const { text, shortened } = noteTextOf(stripListMarker(raw), limits);
      if (!text) return;
      rows.push({ line: i + 1, text, shortened, path: null, at: null, color: null, author: null, warning: null });
    });
  return { ok: true, rows };
}
