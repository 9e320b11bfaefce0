import * as Y from 'yjs';
import { notesOf } from './board';
import { buildCommentMap, COMMENTS_KEY, MAX_OWNER, type CommentKind } from './comments';
import { fitNoteText, OUTER_LIMITS } from './note';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// Named commands for takeaways; each is one transaction. Callers cut text to the server's limit (fitNoteText).

interface NewComment {
  kind: CommentKind;
  text: string;
  authorId: string;
  owner?: string | null;
}

export function addComment(doc: Y.Doc, noteId: string, c: NewComment, origin: Origin = LOCAL): string | null {
  const note = notesOf(doc).get(noteId);
  if (!(note instanceof Y.Map)) return null;
  const id = globalThis.crypto.randomUUID();
  doc.transact(() => {
    let list = note.get(COMMENTS_KEY);
    if (!(list instanceof Y.Array)) {
      list = new Y.Array<Y.Map<unknown>>();
      note.set(COMMENTS_KEY, list);
    }
    const owner = c.owner?.trim().slice(0, MAX_OWNER) || null;
    (list as Y.Array<Y.Map<unknown>>).push([buildCommentMap({ id, kind: c.kind, text: fitNoteText(c.text.trim(), OUTER_LIMITS), authorId: c.authorId, createdAt: Date.now(), owner })]);
  }, origin);
  return id;
}

function findComment(doc: Y.Doc, noteId: string, commentId: string): { list: Y.Array<unknown>; index: number; map: Y.Map<unknown> } | null {
  const list = notesOf(doc).get(noteId)?.get(COMMENTS_KEY);
  if (!(list instanceof Y.Array)) return null;
  const index = list.toArray().findIndex((c) => c instanceof Y.Map && c.get('id') === commentId);
  const map = list.get(index);
  return index >= 0 && map instanceof Y.Map ? { list, index, map } : null;
}

export function editComment(doc: Y.Doc, noteId: string, commentId: string, patch: { kind?: CommentKind; text?: string; owner?: string | null }, origin: Origin = LOCAL): void {
  const found = findComment(doc, noteId, commentId);
  if (!found) return;
  doc.transact(() => {
    if (patch.kind && patch.kind !== found.map.get('kind')) found.map.set('kind', patch.kind);
    const text = patch.text === undefined ? undefined : fitNoteText(patch.text.trim(), OUTER_LIMITS);
    if (text && text !== found.map.get('text')) found.map.set('text', text);
    if (patch.owner !== undefined) {
      const owner = patch.owner?.trim().slice(0, MAX_OWNER);
      if (owner) found.map.set('owner', owner);
      else if (found.map.has('owner')) found.map.delete('owner');
    }
  }, origin);
}

export function deleteComment(doc: Y.Doc, noteId: string, commentId: string, origin: Origin = LOCAL): void {
  const found = findComment(doc, noteId, commentId);
  if (found) doc.transact(() => found.list.delete(found.index, 1), origin);
}
