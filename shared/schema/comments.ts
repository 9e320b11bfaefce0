import * as Y from 'yjs';

// Takeaways on a note (DESIGN.md §7): the note's "comments", a Y.Array of
// Y.Map { id, kind, text, authorId, createdAt, owner? }; written during Discuss.

export const COMMENT_KINDS = ['decision', 'action', 'question', 'note'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
export const COMMENTS_KEY = 'comments';
/** Takeaways one note may carry. */
const MAX_COMMENTS = 100;
export const MAX_OWNER = 80;

export interface Comment {
  id: string;
  kind: CommentKind;
  text: string;
  authorId: string;
  createdAt: number;
  /** Who takes an action home; free text (a name, a team). */
  owner: string | null;
}

const COMMENT_FIELDS = new Set(['id', 'kind', 'text', 'authorId', 'createdAt', 'owner']);

function isCommentKind(value: unknown): value is CommentKind {
  return typeof value === 'string' && (COMMENT_KINDS as readonly string[]).includes(value);
}

/** Why one stored comment breaks the schema, or null when it is valid. */
function commentProblem(value: unknown, limits: { maxText: number }): string | null {
  if (!(value instanceof Y.Map)) return 'a takeaway must be a map';
  for (const key of value.keys()) if (!COMMENT_FIELDS.has(key)) return `unknown takeaway field "${key}"`;
  const id = value.get('id');
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return 'a takeaway needs an id';
  if (!isCommentKind(value.get('kind'))) return `a takeaway's kind must be one of ${COMMENT_KINDS.join(', ')}`;
  const text = value.get('text');
  if (typeof text !== 'string' || text.trim() === '') return 'a takeaway needs text';
  if (text.length > limits.maxText) return `a takeaway is at most ${limits.maxText} characters`;
  const author = value.get('authorId');
  if (typeof author !== 'string' || author.length === 0 || author.length > 64) return 'a takeaway author must be an id';
  const createdAt = value.get('createdAt');
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return 'a takeaway createdAt must be a number';
  const owner = value.get('owner');
  if (owner !== undefined && (typeof owner !== 'string' || owner.length > MAX_OWNER)) return `a takeaway owner is a name of at most ${MAX_OWNER} characters`;
  return null;
}

/** Why a note's comments list breaks the schema, or null (absent is fine: older notes have none). */
export function commentsProblem(value: unknown, limits: { maxText: number }): string | null {
  if (value === undefined) return null;
  if (!(value instanceof Y.Array)) return 'note comments must be a list';
  if (value.length > MAX_COMMENTS) return `a note holds at most ${MAX_COMMENTS} takeaways`;
  for (const c of value) {
    const problem = commentProblem(c, limits);
    if (problem) return problem;
  }
  return null;
}

function readComment(value: unknown): Comment | null {
  if (!(value instanceof Y.Map)) return null;
  const { id, kind, text, authorId, createdAt, owner } = Object.fromEntries(value.entries()) as Record<string, unknown>;
  if (typeof id !== 'string' || !isCommentKind(kind) || typeof text !== 'string' || typeof authorId !== 'string') return null;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return null;
  return { id: id.slice(0, 64), kind, text: text.slice(0, 500), authorId: authorId.slice(0, 64), createdAt, owner: typeof owner === 'string' && owner.trim() ? owner.slice(0, MAX_OWNER) : null };
}

/** A note's readable takeaways, in the order they were written; malformed ones are skipped. */
export function readComments(value: unknown): Comment[] {
  if (!(value instanceof Y.Array)) return [];
  const out: Comment[] = [];
  for (const c of value.toArray()) {
    const comment = readComment(c);
    if (comment) out.push(comment);
  }
  return out;
}

/** The Y.Map for a comment, for adding in a caller's transaction. */
export function buildCommentMap(c: Comment): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', c.id);
  map.set('kind', c.kind);
  map.set('text', c.text);
  map.set('authorId', c.authorId);
  map.set('createdAt', c.createdAt);
  if (c.owner) map.set('owner', c.owner);
  return map;
}
