import * as Y from 'yjs';
import { MAX_ID } from '../limits';

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

/** Hears each rule a record breaks; `limit` marks a limit reached rather than content that breaks the schema. */
export type ReportBreak = (reason: string, limit?: boolean) => void;

/**
 * One stored takeaway as readers show it, or null when it cannot be read; every rule it breaks
 * is reported. Readers ignore unknown fields and cut text that is too long.
 */
function inspectComment(value: unknown, limits: { maxText: number }, report: ReportBreak): Comment | null {
  const unreadable = (reason: string): null => {
    report(reason);
    return null;
  };
  if (!(value instanceof Y.Map)) return unreadable('a takeaway must be a map');
  for (const key of value.keys()) {
    if (COMMENT_FIELDS.has(key)) continue;
    report(`unknown takeaway field "${key.slice(0, 40)}"`);
    break;
  }
  const { id, kind, text, authorId, createdAt, owner } = Object.fromEntries(value.entries()) as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return unreadable('a takeaway needs an id');
  if (!isCommentKind(kind)) return unreadable(`a takeaway's kind must be one of ${COMMENT_KINDS.join(', ')}`);
  if (typeof text !== 'string' || text.trim() === '') return unreadable('a takeaway needs text');
  if (text.length > limits.maxText) report(`a takeaway is at most ${limits.maxText} characters`, true);
  if (typeof authorId !== 'string' || authorId.length === 0 || authorId.length > MAX_ID) return unreadable('a takeaway author must be an id');
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return unreadable('a takeaway createdAt must be a number');
  const ownerTooLong = `a takeaway owner is a name of at most ${MAX_OWNER} characters`;
  if (owner !== undefined && typeof owner !== 'string') report(ownerTooLong);
  else if (typeof owner === 'string' && owner.length > MAX_OWNER) report(ownerTooLong, true);
  return { id, kind, text: text.slice(0, limits.maxText), authorId, createdAt, owner: typeof owner === 'string' && owner.trim() ? owner.slice(0, MAX_OWNER) : null };
}

/** A note's readable takeaways, in the order they were written (absent is fine: older notes have none); every rule broken is reported. */
export function inspectComments(value: unknown, limits: { maxText: number }, report: ReportBreak): Comment[] {
  if (value === undefined) return [];
  if (!(value instanceof Y.Array)) {
    report('note comments must be a list');
    return [];
  }
  if (value.length > MAX_COMMENTS) report(`a note holds at most ${MAX_COMMENTS} takeaways`, true);
  const out: Comment[] = [];
  for (const c of value.slice(0, MAX_COMMENTS)) {
    const comment = inspectComment(c, limits, report);
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
