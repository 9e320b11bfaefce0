import * as Y from 'yjs';
import { isColorKey } from '@shared/palette';
import { NOTES_KEY, notesOf } from '@shared/schema/board';
import { WORLD } from '@shared/matrix';
import { commentsProblem } from '@shared/schema/comments';

export interface BoardLimits {
  maxNotes: number;
  maxText: number;
}

const NOTE_KEYS = new Set(['text', 'x', 'y', 'color', 'authorId', 'createdAt', 'moves', 'locked', 'comments']);

/** The key under the notes map that a nested type belongs to, or null when it lies outside any note. */
function noteIdOf(type: Y.AbstractType<unknown>, notes: Y.AbstractType<unknown>): string | null {
  let current: Y.AbstractType<unknown> = type;
  for (let depth = 0; depth < 4; depth++) {
    const item = current._item;
    if (!item) return null;
    const parent = item.parent;
    if (parent === notes) return typeof item.parentSub === 'string' ? item.parentSub : null;
    if (!(parent instanceof Y.AbstractType)) return null;
    current = parent;
  }
  return null;
}

/** Why a note's stored fields break the schema, or null when it is valid. */
export function noteProblem(value: unknown, limits: BoardLimits): string | null {
  if (!(value instanceof Y.Map)) return 'a note must be a map';
  for (const key of value.keys()) if (!NOTE_KEYS.has(key)) return `unknown note field "${key}"`;
  const text = value.get('text');
  if (!(text instanceof Y.Text)) return 'note text must be text';
  if (text.length > limits.maxText) return `note text longer than ${limits.maxText} characters`;
  for (const axis of ['x', 'y'] as const) {
    const v = value.get(axis);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < WORLD.minX || v > WORLD.maxX) return `note ${axis} must be a number within the board`;
  }
  if (!isColorKey(value.get('color'))) return 'note colour must be a palette key';
  const author = value.get('authorId');
  if (typeof author !== 'string' || author.length > 64) return 'note author must be an id';
  const createdAt = value.get('createdAt');
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return 'note createdAt must be a number';
  const moves = value.get('moves');
  if (!(moves instanceof Y.Array)) return 'note moves must be a list';
  if (moves.length > 1000) return 'too many moves on one note';
  const locked = value.get('locked');
  if (locked !== undefined && typeof locked !== 'boolean') return 'note locked must be a boolean';
  return commentsProblem(value.get('comments'), limits);
}

/**
 * Checks what one client transaction changed in a notes document (board or drafts):
 * only the notes map, only valid notes, within the limits. Returns the ids of notes touched.
 */
export function checkNotesTransaction(
  tr: Y.Transaction,
  doc: Y.Doc,
  limits: BoardLimits,
): { problem: string } | { touched: Set<string> } {
  const notes = notesOf(doc) as Y.AbstractType<unknown>;
  const touched = new Set<string>();
  for (const [changed, keys] of tr.changed) {
    const type = changed as Y.AbstractType<unknown>;
    if (type === notes) {
      for (const key of keys) if (key !== null) touched.add(key);
      continue;
    }
    if (!type._item) {
      // A root type other than the notes map: nothing else belongs in this document.
      return { problem: `unknown top-level field in the board document` };
    }
    const id = noteIdOf(type, notes);
    if (id === null) return { problem: 'change outside any note' };
    touched.add(id);
  }
  for (const [name, root] of doc.share) {
    if (name !== NOTES_KEY && (root._start !== null || root._map.size > 0)) return { problem: 'unknown top-level field' };
  }
  if (notesOf(doc).size > limits.maxNotes) return { problem: `a board holds at most ${limits.maxNotes} notes` };
  for (const id of touched) {
    if (id.length > 64) return { problem: 'note id too long' };
    const value = notesOf(doc).get(id);
    if (value === undefined) continue; // deleted
    const problem = noteProblem(value, limits);
    if (problem) return { problem };
  }
  return { touched };
}

/** Who wrote a transaction, and which of the facilitator's powers they have. */
export interface NoteWriter {
  participantId: string;
  /** Facilitators: may lock notes, change locked ones, and write notes in someone else's name. */
  privileged: boolean;
  /** Drafts never carry a lock, whoever writes them. */
  lockAllowed: boolean;
}

/** The last value a map held under a key, read from its internal items so a map deleted in this transaction still answers. */
function rawValue(map: unknown, key: string): unknown {
  if (!(map instanceof Y.Map)) return undefined;
  const item = (map._map as Map<string, Y.Item>).get(key);
  const content = item?.content.getContent() ?? [];
  return content[content.length - 1];
}

/** The keys a transaction changed in one map, if any. */
function changedKeys(tr: Y.Transaction, map: unknown): Set<string | null> | undefined {
  return tr.changed.get(map as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>);
}

/**
 * Lock and authorship rules for a transaction that passed checkNotesTransaction: only the
 * privileged may touch a note that was or is locked, change a lock, or write in another's name.
 */
export function checkNoteRules(tr: Y.Transaction, doc: Y.Doc, touched: Set<string>, writer: NoteWriter): string | null {
  const notes = notesOf(doc);
  const noteKeys = changedKeys(tr, notes);
  const keyChanges = noteKeys ? new Y.YMapEvent(notes, tr, noteKeys).changes.keys : new Map<string, { action: 'add' | 'update' | 'delete'; oldValue: unknown }>();
  for (const id of touched) {
    const current = notes.get(id);
    const change = keyChanges.get(id);
    const before = change ? change.oldValue : current;
    const fieldsChanged = changedKeys(tr, current) ?? new Set<string | null>();
    const isLocked = current instanceof Y.Map && current.get('locked') === true;
    if (isLocked && !writer.lockAllowed) return 'private notes cannot be locked';
    if (writer.privileged) continue;
    if (rawValue(before, 'locked') === true || isLocked) return 'this note is locked by the facilitator';
    if (fieldsChanged.has('locked')) return 'only facilitators can lock or unlock notes';
    const isNew = change !== undefined && change.action !== 'delete';
    if (isNew && current instanceof Y.Map && current.has('locked')) return 'only facilitators can lock or unlock notes';
    if (isNew && current instanceof Y.Map && current.get('authorId') !== writer.participantId) return 'you can only add notes in your own name';
    if (fieldsChanged.has('authorId')) return 'a note’s author cannot be changed';
  }
  return null;
}
