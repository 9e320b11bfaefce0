import * as Y from 'yjs';
import { clampToWorld, WORLD, type Placement } from '../matrix';
import { isColorKey, type ColorKey } from '../palette';
import { MAX_ID, MAX_TEXT_CEILING } from '../limits';
import { COMMENTS_KEY, inspectComments, type Comment } from './comments';

// One note, on the board or in someone's drafts (DESIGN.md §3), and the one set of rules for it:
// Y.Map { text: Y.Text, x, y, color, authorId, createdAt, moves: Y.Array<Move>, locked?, comments?: Y.Array<Y.Map> }
// The server refuses a write that breaks any rule (server/rooms/validateBoard.ts); readers skip a
// note they cannot read and repair the rest (clamp, default, drop), so what they show would pass.

export interface Move {
  from: Placement;
  to: Placement;
  by: string;
  at: number;
}

export interface Note {
  id: string;
  text: string;
  x: number;
  y: number;
  color: ColorKey;
  authorId: string;
  createdAt: number;
  moves: Move[];
  locked: boolean;
  /** Takeaways written during Discuss (comments.ts). */
  comments: Comment[];
}

export interface NoteLimits {
  maxText: number;
}

/** Readers and writers not told the server's limits cut only where no configuration reaches. */
export const OUTER_LIMITS: Readonly<NoteLimits> = { maxText: MAX_TEXT_CEILING };

/** A rule a note breaks: what the writer is told, and whether it is a limit reached (`limit`) rather than content that breaks the schema. */
export interface NoteProblem {
  reason: string;
  limit: boolean;
}

export interface NoteInspection {
  /** The first rule the note breaks, or null when the server accepts it. */
  problem: NoteProblem | null;
  /** The note as readers show it, every broken rule repaired; null when it cannot be read at all. */
  note: Omit<Note, 'id'> | null;
}

const NOTE_FIELDS = new Set(['text', 'x', 'y', 'color', 'authorId', 'createdAt', 'moves', 'locked', COMMENTS_KEY]);
const PLACEMENTS: ReadonlySet<string> = new Set<Placement>(['technology', 'social-business', 'collective-values', 'product-resonance', 'unplaced']);
const MAX_MOVES = 1000;

const isPlacement = (v: unknown): v is Placement => typeof v === 'string' && PLACEMENTS.has(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A note's text cut to what the server accepts; writers cut before they write. */
export function fitNoteText(text: string, limits: NoteLimits): string {
  return text.length > limits.maxText ? text.slice(0, limits.maxText) : text;
}

/** Note ids are map keys; a longer one is refused, and readers skip it. */
export function isNoteId(id: string): boolean {
  return id.length <= MAX_ID;
}

/** A text's characters, and whether it holds anything else (embedded types, formatting). */
function charactersOf(text: Y.Text): { chars: string; onlyCharacters: boolean } {
  let chars = '';
  let onlyCharacters = true;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentString) chars += item.content.str;
    else onlyCharacters = false;
  }
  return { chars, onlyCharacters };
}

/** One entry of a move log, or why it breaks the schema (readers drop it). */
function readMove(value: unknown): Move | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Y.AbstractType) return 'a move must be a plain record';
  const { from, to, by, at, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || [from, to, by, at].includes(undefined)) return 'a move has exactly from, to, by and at';
  if (!isPlacement(from) || !isPlacement(to)) return 'a move goes between quadrants';
  if (typeof by !== 'string' || by.length > MAX_ID) return 'a move names its mover';
  if (!isFiniteNumber(at)) return 'a move has a time';
  return { from, to, by, at };
}

/**
 * Checks a stored note against every rule and reads it, in one pass, so the server and every
 * reader judge it alike. Each check says both what is wrong and what a reader shows instead:
 * `unreadable` (the note is skipped) or `report` followed by the repair.
 */
export function inspectNote(value: unknown, limits: NoteLimits): NoteInspection {
  let first: NoteProblem | null = null;
  const report = (reason: string, limit = false) => {
    first ??= { reason, limit };
  };
  const unreadable = (reason: string): NoteInspection => {
    report(reason);
    return { problem: first, note: null };
  };

  if (!(value instanceof Y.Map)) return unreadable('a note must be a map');
  for (const key of value.keys()) {
    if (NOTE_FIELDS.has(key)) continue;
    report(`unknown note field "${key.slice(0, 40)}"`);
    break;
  }
  const text = value.get('text');
  if (!(text instanceof Y.Text) || text.constructor !== Y.Text) return unreadable('note text must be text');
  const { chars, onlyCharacters } = charactersOf(text);
  if (!onlyCharacters) report('note text may hold only characters');
  if (chars.length > limits.maxText) report(`a note holds at most ${limits.maxText} characters`, true);
  const x = value.get('x');
  if (!isFiniteNumber(x)) return unreadable('note x must be a number within the board');
  if (x < WORLD.minX || x > WORLD.maxX) report('note x must be a number within the board');
  const y = value.get('y');
  if (!isFiniteNumber(y)) return unreadable('note y must be a number within the board');
  if (y < WORLD.minY || y > WORLD.maxY) report('note y must be a number within the board');
  const color = value.get('color');
  if (!isColorKey(color)) report('note colour must be a palette key');
  const authorId = value.get('authorId');
  if (typeof authorId !== 'string' || authorId.length > MAX_ID) return unreadable('note author must be an id');
  const createdAt = value.get('createdAt');
  if (!isFiniteNumber(createdAt)) return unreadable('note createdAt must be a number');
  const moves: Move[] = [];
  const log = value.get('moves');
  if (!(log instanceof Y.Array) || log.constructor !== Y.Array) report('note moves must be a list');
  else {
    if (log.length > MAX_MOVES) report('too many moves on one note', true);
    for (const entry of log.slice(0, MAX_MOVES)) {
      const move = readMove(entry);
      if (typeof move === 'string') report(move);
      else moves.push(move);
    }
  }
  const locked = value.get('locked');
  if (locked !== undefined && typeof locked !== 'boolean') report('note locked must be a boolean');
  const comments = inspectComments(value.get(COMMENTS_KEY), limits, report);
  const pos = clampToWorld(x, y);
  return {
    problem: first,
    note: { text: fitNoteText(chars, limits), x: pos.x, y: pos.y, color: isColorKey(color) ? color : 'yellow', authorId, createdAt, moves, locked: locked === true, comments },
  };
}

/** The first rule a stored note breaks, or null when the server accepts it. */
export function noteProblem(value: unknown, limits: NoteLimits): NoteProblem | null {
  return inspectNote(value, limits).problem;
}
