import * as Y from 'yjs';
import { NOTES_KEY, notesOf } from '@shared/schema/board';
import { isNoteId, noteProblem as brokenNoteRule } from '@shared/schema/note';
import type { Problem } from './policy';

// What a client transaction may change in a notes document (board or drafts). Each note is
// judged by the rules every reader shares (shared/schema/note.ts); what is only the server's to
// judge is here: changes outside notes, the board's note and size limits, locks and authorship.

export interface BoardLimits {
  maxNotes: number;
  maxText: number;
}

/** What the room knows beyond the transaction: whether the document is over its size limit. */
export interface WriteContext {
  overSizeLimit: boolean;
}

const schema = (reason: string): Problem => ({ reason, rule: false });
const rule = (reason: string): Problem => ({ reason, rule: true });

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

/**
 * Why a note breaks the schema, or null when it is valid: the shared note rules, a limit
 * reached being a `rule` (the writer keeps the socket), anything else broken content.
 */
export function noteProblem(value: unknown, limits: BoardLimits): Problem | null {
  const problem = brokenNoteRule(value, limits);
  return problem && { reason: problem.reason, rule: problem.limit };
}

type KeyChanges = Map<string, { action: 'add' | 'update' | 'delete'; oldValue: unknown }>;

/** The keys a transaction changed in one map, if any. */
function changedKeys(tr: Y.Transaction, map: unknown): Set<string | null> | undefined {
  return tr.changed.get(map as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>);
}

function noteKeyChanges(tr: Y.Transaction, doc: Y.Doc): KeyChanges {
  const notes = notesOf(doc);
  const keys = changedKeys(tr, notes);
  return keys ? new Y.YMapEvent(notes, tr, keys).changes.keys : new Map();
}

/** Whether a transaction wrote characters into any text (deleting them is always allowed). */
function insertsText(tr: Y.Transaction): boolean {
  for (const type of tr.changed.keys()) {
    if (!(type instanceof Y.Text)) continue;
    for (let item = type._start; item !== null; item = item.right) {
      if (!item.deleted && item.content instanceof Y.ContentString && item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0)) return true;
    }
  }
  return false;
}

/**
 * Checks what one client transaction changed in a notes document (board or drafts):
 * only the notes map, only valid notes, within the limits. Returns the ids of notes touched.
 * A board at a limit still takes deletions and moves: only growth is refused.
 */
export function checkNotesTransaction(
  tr: Y.Transaction,
  doc: Y.Doc,
  limits: BoardLimits,
  context: WriteContext,
): { problem: Problem } | { touched: Set<string>; keyChanges: KeyChanges } {
  const notes = notesOf(doc) as Y.AbstractType<unknown>;
  const touched = new Set<string>();
  for (const [changed, keys] of tr.changed) {
    const type = changed as Y.AbstractType<unknown>;
    if (type === notes) {
      for (const key of keys) if (key !== null) touched.add(key);
      continue;
    }
    if (!type._item) return { problem: schema('unknown top-level field in the board document') };
    const id = noteIdOf(type, notes);
    if (id === null) return { problem: schema('change outside any note') };
    touched.add(id);
  }
  for (const [name, root] of doc.share) {
    if (name !== NOTES_KEY && (root._start !== null || root._map.size > 0)) return { problem: schema('unknown top-level field') };
  }
  const keyChanges = noteKeyChanges(tr, doc);
  let added = 0;
  for (const change of keyChanges.values()) if (change.action === 'add') added++;
  if (added > 0 && notesOf(doc).size > limits.maxNotes) return { problem: rule(`a board holds at most ${limits.maxNotes} notes`) };
  if (context.overSizeLimit && (added > 0 || insertsText(tr))) {
    return { problem: rule('this board has reached its size limit: notes can still be moved or deleted') };
  }
  for (const id of touched) {
    if (!isNoteId(id)) return { problem: schema('note id too long') };
    const value = notesOf(doc).get(id);
    if (value === undefined) continue; // deleted
    const problem = noteProblem(value, limits);
    if (problem) return { problem };
  }
  return { touched, keyChanges };
}

/** Who wrote a transaction, and which of the facilitator's powers they have. */
export interface NoteWriter {
  participantId: string;
  /** Facilitators: may lock notes, change locked ones, delete any, and write notes in someone else's name. */
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

/**
 * Lock and authorship rules for a transaction that passed checkNotesTransaction: only the
 * privileged may touch a note that was or is locked, change a lock, delete another's note,
 * or write in another's name.
 */
export function checkNoteRules(tr: Y.Transaction, doc: Y.Doc, touched: Set<string>, keyChanges: KeyChanges, writer: NoteWriter): Problem | null {
  const notes = notesOf(doc);
  for (const id of touched) {
    const current = notes.get(id);
    const change = keyChanges.get(id);
    const before = change ? change.oldValue : current;
    const fieldsChanged = changedKeys(tr, current) ?? new Set<string | null>();
    const isLocked = current instanceof Y.Map && current.get('locked') === true;
    if (isLocked && !writer.lockAllowed) return rule('private notes cannot be locked');
    if (writer.privileged) continue;
    if (rawValue(before, 'locked') === true || isLocked) return rule('this note is locked by the facilitator');
    if (fieldsChanged.has('locked')) return rule('only facilitators can lock or unlock notes');
    const isNew = change !== undefined && change.action !== 'delete';
    if (isNew && current instanceof Y.Map && current.has('locked')) return rule('only facilitators can lock or unlock notes');
    if (isNew && current instanceof Y.Map && current.get('authorId') !== writer.participantId) return rule('you can only add notes in your own name');
    if (change && change.action !== 'add' && before instanceof Y.Map && rawValue(before, 'authorId') !== writer.participantId) {
      return rule('you can only delete your own notes');
    }
    if (fieldsChanged.has('authorId')) return rule('a note’s author cannot be changed');
  }
  return null;
}
