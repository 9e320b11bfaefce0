import * as Y from 'yjs';
import type { Role } from '@shared/roles';
import { notesOf } from '@shared/schema/board';
import { COMMENTS_KEY } from '@shared/schema/comments';
import type { Phase } from '@shared/schema/phases';

// Who may write takeaways (a note's comments): during Discuss only; facilitators always,
// participants when the facilitator opened takeaways, and then only their own.

export interface TakeawayWriter {
  participantId: string;
  role: Role;
}

export interface TakeawaySession {
  phase: Phase;
  takeawaysOpen: boolean;
}

interface CommentOps {
  added: unknown[];
  removed: unknown[];
  /** Comments whose fields changed, with the names of the fields. */
  edited: { comment: Y.Map<unknown>; keys: Set<string | null> }[];
}

/** The last value a map held under a key, from its items, so a comment deleted in this transaction still answers. */
function rawField(map: unknown, key: string): unknown {
  if (!(map instanceof Y.Map)) return undefined;
  const item = (map._map as Map<string, Y.Item>).get(key);
  const content = item?.content.getContent() ?? [];
  return content[content.length - 1];
}

function isNewIn(tr: Y.Transaction, type: { _item: Y.Item | null }): boolean {
  const item = type._item;
  return item !== null && item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);
}

/** The comments a list held before this transaction: its items not already collected as garbage. */
function formerComments(list: unknown): unknown[] {
  if (!(list instanceof Y.Array)) return [];
  const out: unknown[] = [];
  for (let item = list._start; item !== null; item = item.right) if (item.content instanceof Y.ContentType) out.push(item.content.type);
  return out;
}

function changedKeys(tr: Y.Transaction, type: unknown): Set<string | null> | undefined {
  return tr.changed.get(type as Y.AbstractType<Y.YEvent<Y.Map<unknown>>>);
}

function commentOps(tr: Y.Transaction, note: Y.Map<unknown>): CommentOps {
  const ops: CommentOps = { added: [], removed: [], edited: [] };
  const list = note.get(COMMENTS_KEY);
  const noteKeys = changedKeys(tr, note);
  if (isNewIn(tr, note) || noteKeys?.has(COMMENTS_KEY)) {
    // A new note, or a comments list set anew: every comment in it is added, every former one removed.
    if (list instanceof Y.Array) ops.added.push(...list.toArray());
    if (!isNewIn(tr, note) && noteKeys?.has(COMMENTS_KEY)) {
      const former = new Y.YMapEvent(note, tr, noteKeys).changes.keys.get(COMMENTS_KEY)?.oldValue;
      ops.removed.push(...formerComments(former));
    }
    return ops;
  }
  if (!(list instanceof Y.Array)) return ops;
  if (changedKeys(tr, list)) {
    const { added, deleted } = new Y.YArrayEvent(list, tr).changes;
    for (const item of added) ops.added.push(...item.content.getContent());
    for (const item of deleted) if (item.content instanceof Y.ContentType) ops.removed.push(item.content.type);
  }
  for (const [type, keys] of tr.changed) {
    if (type instanceof Y.Map && type._item?.parent === list && !isNewIn(tr, type)) ops.edited.push({ comment: type, keys });
  }
  return ops;
}

/** Why the takeaway changes in a transaction are not allowed, or null; session is read only when a takeaway changed. */
export function takeawayProblem(tr: Y.Transaction, doc: Y.Doc, touched: ReadonlySet<string>, writer: TakeawayWriter, session: () => TakeawaySession): string | null {
  const notes = notesOf(doc);
  for (const id of touched) {
    const note = notes.get(id);
    if (!(note instanceof Y.Map)) continue;
    const ops = commentOps(tr, note);
    if (ops.added.length + ops.removed.length + ops.edited.length === 0) continue;
    if (writer.role === 'viewer') return 'viewers cannot write takeaways';
    const { phase, takeawaysOpen } = session();
    if (phase !== 'discuss') return 'takeaways are written during Discuss';
    const facilitator = writer.role === 'facilitator';
    if (!facilitator && !takeawaysOpen) return 'the facilitator has not opened takeaways to participants';
    for (const c of ops.added) if (rawField(c, 'authorId') !== writer.participantId) return 'you can only add takeaways in your own name';
    for (const { comment, keys } of ops.edited) {
      if (keys.has('authorId') || keys.has('id') || keys.has('createdAt')) return 'a takeaway’s author, id and time cannot be changed';
      if (!facilitator && rawField(comment, 'authorId') !== writer.participantId) return 'you can only change your own takeaways';
    }
    if (!facilitator) for (const c of ops.removed) if (rawField(c, 'authorId') !== writer.participantId) return 'you can only delete your own takeaways';
  }
  return null;
}
