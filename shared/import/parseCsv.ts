import Papa from 'papaparse';
import { QUADRANTS, WORLD, type Quadrant } from '../matrix';
import { isColorKey, type ColorKey } from '../palette';
import { PATHS } from '../paths';
import { normalizeText } from './normalize';
import { DEFAULT_LIMITS } from '../limits';
import type { NoteLimits } from '../schema/note';
import { noteTextOf, sizeProblem, type ImportRow, type ParseResult } from './rows';

// CSV from spreadsheets: comma or semicolon (European Excel), quoted cells, a header row when there is one.

type Column = 'text' | 'path' | 'x' | 'y' | 'color' | 'author';

// Header names we recognise, after normalising (English first, then de, fr, es).
const HEADER_NAMES: Record<Column, string[]> = {
  text: ['text', 'note', 'initiative', 'idea', 'title', 'notiz', 'initiative', 'idee', 'texte', 'titre', 'texto', 'nota', 'iniciativa'],
  path: ['path', 'quadrant', 'pfad', 'weg', 'chemin', 'voie', 'camino', 'cuadrante'],
  x: ['x'],
  y: ['y'],
  color: ['color', 'colour', 'farbe', 'couleur', 'color'],
  author: ['author', 'author name', 'by', 'name', 'autor', 'autorin', 'auteur', 'nom', 'nombre'],
};

const PARKING_NAMES = new Set(['', 'unplaced', 'parking', 'parking area', 'none', 'nicht platziert', 'non place', 'sin ubicar']);

function columnOf(cell: string): Column | null {
  const name = normalizeText(cell);
  for (const [column, names] of Object.entries(HEADER_NAMES) as [Column, string[]][]) if (names.includes(name)) return column;
  return null;
}

/** A path from a quadrant key or a path's name (the standard one or the workshop's own wording). */
function pathFromName(value: string, wording?: Partial<Record<Quadrant, string>>): Quadrant | null | undefined {
  const name = normalizeText(value);
  if (PARKING_NAMES.has(name)) return null;
  for (const q of QUADRANTS) {
    if (name === q || name === normalizeText(q) || name === normalizeText(PATHS[q].name)) return q;
    const own = wording?.[q];
    if (own && name === normalizeText(own)) return q;
  }
  return undefined;
}

function coordinate(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.trim().replace(',', '.'));
  return Number.isFinite(n) && n >= WORLD.minX && n <= WORLD.maxX ? n : null;
}

function colorFrom(value: string | undefined): ColorKey | null | undefined {
  if (value === undefined || value.trim() === '') return null;
  const key = normalizeText(value).replace(/ /g, '');
  if (key === 'gray') return 'grey';
  return isColorKey(key) ? key : undefined;
}

/** The columns of a file: from its header row when it has one, else text then path. */
function layoutOf(first: readonly string[]): { header: boolean; columns: (Column | null)[] } {
  const named = first.map(columnOf);
  if (named.includes('text')) return { header: true, columns: named.map((c, i) => (named.indexOf(c) === i ? c : null)) };
  return { header: false, columns: ['text', 'path'] };
}

/** Without the server's limits, notes are cut at the default MAX_TEXT. */
export function parseCsv(input: string, wording?: Partial<Record<Quadrant, string>>, limits: NoteLimits = DEFAULT_LIMITS): ParseResult {
  const tooBig = sizeProblem(input);
  if (tooBig) return { ok: false, error: tooBig };
  const parsed = Papa.parse<string[]>(input.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t'] });
  const records = parsed.data;
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) return { ok: false, error: `the file has an unclosed quote near record ${(fatal.row ?? 0) + 1}` };
  if (records.length === 0) return { ok: true, rows: [] };
  const { header, columns } = layoutOf(records[0]!);
  const cell = (record: readonly string[], column: Column) => {
    const i = columns.indexOf(column);
    return i === -1 ? undefined : record[i];
  };
  const rows: ImportRow[] = [];
  records.forEach((record, i) => {
    if (header && i === 0) return;
    const { text, shortened } = noteTextOf(cell(record, 'text') ?? '', limits);
    if (!text) return;
    const warnings: string[] = [];
    const rawPath = cell(record, 'path');
    let path: Quadrant | null = null;
    if (rawPath !== undefined) {
      const found = pathFromName(rawPath, wording);
      if (found === undefined) warnings.push(`unknown path "${rawPath.trim().slice(0, 40)}"`);
      else path = found;
    }
    const x = coordinate(cell(record, 'x'));
    const y = coordinate(cell(record, 'y'));
    const color = colorFrom(cell(record, 'color'));
    if (color === undefined) warnings.push(`unknown colour "${(cell(record, 'color') ?? '').trim().slice(0, 20)}"`);
    const author = (cell(record, 'author') ?? '').trim().slice(0, 40) || null;
    rows.push({
      line: i + 1,
      text,
      shortened,
      path,
      at: x !== null && y !== null ? { x, y } : null,
      color: color ?? null,
      author,
      warning: warnings.length ? warnings.join('; ') : null,
    });
  });
  return { ok: true, rows };
}
