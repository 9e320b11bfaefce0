import * as Y from 'yjs';
import { clampToWorld, placementOf } from '../matrix';
import type { ColorKey } from '../palette';
import { buildCommentMap, COMMENTS_KEY } from './comments';
import { fitNoteText, inspectNote, isNoteId, OUTER_LIMITS, type Move, type Note, type NoteLimits } from './note';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// The board document (and each drafts document): Y.Map "notes", note id → a note (note.ts, which
// holds a note's fields and rules). Read and written here; the server checks writes with note.ts.

export type { Move, Note } from './note';
export const NOTES_KEY = 'notes';

export interface BoardRead {
  notes: Note[];
  /** Entries that are present but could not be read. */
  malformed: number;
}

export type NoteMap = Y.Map<unknown>;

export function notesOf(doc: Y.Doc): Y.Map<NoteMap> {
  return doc.getMap<NoteMap>(NOTES_KEY);
}

/**
 * Reads one note as the rules in note.ts allow: null when it cannot be read at all, otherwise
 * with what breaks a rule repaired (text cut to the limit, position clamped, bad moves dropped…).
 */
export function readNote(id: string, value: unknown, limits: NoteLimits = OUTER_LIMITS): Note | null {
  if (!isNoteId(id)) return null;
  const note = inspectNote(value, limits).note;
  return note && { id, ...note };
}

export function readBoard(doc: Y.Doc, limits: NoteLimits = OUTER_LIMITS): BoardRead {
  const notes: Note[] = [];
  let malformed = 0;
  notesOf(doc).forEach((value, id) => {
    const note = readNote(id, value, limits);
    if (note) notes.push(note);
    else malformed++;
  });
  notes.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return { notes, malformed };
}

export interface NewNote {
  id?: string;
  text?: string;
  x: number;
  y: number;
  color?: ColorKey;
  authorId: string;
  createdAt?: number;
}

export function newNoteId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Builds the Y.Map for a note without attaching it, so callers can add it in their own transaction.
 * Text is cut only at the ceiling of every configuration; writers that know the server's limit cut first (fitNoteText).
 */
export function buildNoteMap(note: NewNote): NoteMap {
  const map = new Y.Map<unknown>();
  const pos = clampToWorld(note.x, note.y);
  map.set('text', new Y.Text(fitNoteText(note.text ?? '', OUTER_LIMITS)));
  map.set('x', pos.x);
  map.set('y', pos.y);
  map.set('color', note.color ?? 'yellow');
  map.set('authorId', note.authorId);
  map.set('createdAt', note.createdAt ?? Date.now());
  map.set('moves', new Y.Array<Move>());
  return map;
}

export function createNote(doc: Y.Doc, note: NewNote, origin: Origin = LOCAL): string {
  const id = note.id ?? newNoteId();
  doc.transact(() => notesOf(doc).set(id, buildNoteMap(note)), origin);
  return id;
}

/** Adds several notes in one transaction: one undo step, and the server admits all of them or none. */
export function createNotes(doc: Y.Doc, notes: readonly NewNote[], origin: Origin = LOCAL): string[] {
  const ids = notes.map((n) => n.id ?? newNoteId());
  doc.transact(() => notes.forEach((n, i) => notesOf(doc).set(ids[i]!, buildNoteMap(n))), origin);
  return ids;
}

/** Moves a note; a change of quadrant (or in/out of the parking area) is appended to its moves. */
export function moveNote(doc: Y.Doc, id: string, x: number, y: number, by: string, origin: Origin = LOCAL): void {
  const map = notesOf(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  const pos = clampToWorld(x, y);
  doc.transact(() => {
    const oldX = map.get('x');
    const oldY = map.get('y');
    if (typeof oldX === 'number' && typeof oldY === 'number') {
      const from = placementOf(oldX, oldY);
      const to = placementOf(pos.x, pos.y);
      const moves = map.get('moves');
      if (from !== to && moves instanceof Y.Array) moves.push([{ from, to, by, at: Date.now() }]);
    }
    if (oldX !== pos.x) map.set('x', pos.x);
    if (oldY !== pos.y) map.set('y', pos.y);
  }, origin);
}

/** Replaces a note's text, keeping the common prefix and suffix so concurrent edits merge well. */
export function setNoteText(doc: Y.Doc, id: string, text: string, origin: Origin = LOCAL): void {
  const map = notesOf(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  const ytext = map.get('text');
  if (!(ytext instanceof Y.Text)) return;
  const next = fitNoteText(text, OUTER_LIMITS);
  const prev = ytext.toString();
  if (prev === next) return;
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let end = 0;
  while (end < prev.length - start && end < next.length - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  doc.transact(() => {
    const removed = prev.length - start - end;
    if (removed > 0) ytext.delete(start, removed);
    const inserted = next.slice(start, next.length - end);
    if (inserted) ytext.insert(start, inserted);
  }, origin);
}

export function setNoteColor(doc: Y.Doc, id: string, color: ColorKey, origin: Origin = LOCAL): void {
  const map = notesOf(doc).get(id);
  if (map instanceof Y.Map && map.get('color') !== color) doc.transact(() => map.set('color', color), origin);
}

export function setNoteLocked(doc: Y.Doc, id: string, locked: boolean, origin: Origin = LOCAL): void {
  const map = notesOf(doc).get(id);
  if (map instanceof Y.Map) doc.transact(() => map.set('locked', locked), origin);
}

export function deleteNotes(doc: Y.Doc, ids: string[], origin: Origin = LOCAL): void {
  const notes = notesOf(doc);
  doc.transact(() => {
    for (const id of ids) notes.delete(id);
  }, origin);
}

/**
 * Live position while a note is being dragged: others see it move, but crossings on the
 * way are not quadrant changes, so nothing is appended to moves (dropNote does that).
 */
export function dragNote(doc: Y.Doc, id: string, x: number, y: number, origin: Origin = LOCAL): void {
  const map = notesOf(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  const pos = clampToWorld(x, y);
  doc.transact(() => {
    if (map.get('x') !== pos.x) map.set('x', pos.x);
    if (map.get('y') !== pos.y) map.set('y', pos.y);
  }, origin);
}

/** Ends a drag at its exact position, logging one quadrant change from where the drag began. */
export function dropNote(
  doc: Y.Doc,
  id: string,
  start: { x: number; y: number },
  x: number,
  y: number,
  by: string,
  origin: Origin = LOCAL,
): void {
  const map = notesOf(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  const pos = clampToWorld(x, y);
  doc.transact(() => {
    const from = placementOf(start.x, start.y);
    const to = placementOf(pos.x, pos.y);
    const moves = map.get('moves');
    if (from !== to && moves instanceof Y.Array) moves.push([{ from, to, by, at: Date.now() }]);
    if (map.get('x') !== pos.x) map.set('x', pos.x);
    if (map.get('y') !== pos.y) map.set('y', pos.y);
  }, origin);
}

/** A note's full Y.Map (moves and lock included), for writing back a note as it was read. */
function noteMapFrom(note: Note): NoteMap {
  const map = buildNoteMap(note);
  map.set('moves', Y.Array.from<Move>(note.moves.map((m) => ({ ...m }))));
  if (note.locked) map.set('locked', true);
  if (note.comments.length) map.set(COMMENTS_KEY, Y.Array.from(note.comments.map(buildCommentMap)));
  return map;
}

/**
 * Makes the notes map equal to the given notes in one transaction: notes not listed are
 * deleted, listed ones that differ are written anew, equal ones are left untouched.
 */
export function replaceNotes(doc: Y.Doc, notes: Note[], origin: Origin = LOCAL): { deleted: number; written: number } {
  const map = notesOf(doc);
  const wanted = new Map(notes.map((n) => [n.id, n]));
  let deleted = 0;
  let written = 0;
  doc.transact(() => {
    for (const id of [...map.keys()]) {
      if (wanted.has(id)) continue;
      map.delete(id);
      deleted++;
    }
    for (const note of wanted.values()) {
      const current = readNote(note.id, map.get(note.id));
      if (current && JSON.stringify(current) === JSON.stringify(note)) continue;
      map.set(note.id, noteMapFrom(note));
      written++;
    }
  }, origin);
  return { deleted, written };
}
