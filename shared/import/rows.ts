import type { Quadrant } from '../matrix';
import type { ColorKey } from '../palette';
import { fitNoteText, type NoteLimits } from '../schema/note';

// What a pasted list or a CSV file turns into before anything is written to a board.

/** More lines than this are refused outright, before any parsing work. */
const MAX_IMPORT_LINES = 2000;
/** More characters than this are refused outright (a pasted book, not a list). */
const MAX_IMPORT_CHARS = 400_000;

export interface ImportRow {
  /** 1-based line (list) or record (CSV) number in the input, for the preview. */
  line: number;
  text: string;
  /** True when the text was longer than a note holds and was cut. */
  shortened: boolean;
  /** A quadrant, or null for the parking area. */
  path: Quadrant | null;
  /** Exact matrix position from x/y columns; wins over path. */
  at: { x: number; y: number } | null;
  color: ColorKey | null;
  /** Author name as written in the file; the importer decides whose name it becomes. */
  author: string | null;
  /** Why part of the row was ignored (an unknown path or colour), if it was. */
  warning: string | null;
}

export type ParseResult = { ok: true; rows: ImportRow[] } | { ok: false; error: string };

/** Refuses input too large to be a list of initiatives, before it is split. */
export function sizeProblem(input: string): string | null {
  if (input.length > MAX_IMPORT_CHARS) return `the text is longer than ${MAX_IMPORT_CHARS.toLocaleString('en')} characters; import it in parts`;
  let lines = 1;
  for (let i = input.indexOf('\n'); i !== -1; i = input.indexOf('\n', i + 1)) {
    if (++lines > MAX_IMPORT_LINES) return `the text has more than ${MAX_IMPORT_LINES.toLocaleString('en')} lines; import it in parts`;
  }
  return null;
}

/** A note's text from one cell or line: whitespace collapsed, cut to what a note holds. */
export function noteTextOf(raw: string, limits: NoteLimits): { text: string; shortened: boolean } {
  const text = raw.replace(/\s+/g, ' ').trim();
  const fitted = fitNoteText(text, limits);
  return { text: fitted, shortened: fitted !== text };
}
