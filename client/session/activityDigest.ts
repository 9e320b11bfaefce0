import * as Y from 'yjs';
import { placementOf, type Placement } from '@shared/matrix';
import { READING_ORDER } from '@shared/placement';
import { notesOf, readNote, type Move } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import { tUi } from '../i18n';
import { placementName } from './noteLabel';

// What others did on the board, told to screen-reader users a few seconds at a time
// instead of note by note: "3 new notes in Product Resonance".

export interface Activity {
  kind: 'new' | 'moved';
  to: Placement;
}

/** One sentence per kind and path (in the workshop's wording), in reading order; empty when nothing happened. */
export function digestText(activity: readonly Activity[], wording: Wording): string {
  const parts: string[] = [];
  for (const kind of ['new', 'moved'] as const) {
    for (const p of READING_ORDER) {
      const n = activity.filter((a) => a.kind === kind && a.to === p).length;
      if (n === 0) continue;
      parts.push(tUi(kind === 'new' ? 'say.newIn' : 'say.movedTo', { count: n, path: placementName(p, wording) }));
    }
  }
  return parts.length ? `${parts.join('. ')}.` : '';
}

/** How often at most a digest is spoken. */
export const DIGEST_MS = 8000;
/** Changes arriving while the board first loads are not news. */
const SETTLE_MS = 3000;

/**
 * Watches remote changes to a board document and calls `say` with a digest at most every
 * DIGEST_MS, in the wording of the moment it speaks. Returns the function that stops watching.
 */
export function watchActivity(doc: Y.Doc, say: (text: string) => void, wording: () => Wording, now: () => number = Date.now): () => void {
  const notes = notesOf(doc);
  const since = now();
  const added = new Set<string>();
  const moved = new Map<string, Placement>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    const activity: Activity[] = [];
    for (const id of added) {
      const note = readNote(id, notes.get(id));
      if (note) activity.push({ kind: 'new', to: placementOf(note.x, note.y) });
    }
    for (const [id, to] of moved) if (!added.has(id) && notes.has(id)) activity.push({ kind: 'moved', to });
    added.clear();
    moved.clear();
    const text = digestText(activity, wording());
    if (text) say(text);
  };

  const onEvents = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
    if (tr.local || now() - since < SETTLE_MS) return;
    for (const e of events) {
      if (e.target === notes) {
        for (const [id, change] of e.changes.keys) if (change.action === 'add') added.add(id);
      } else if (e.target instanceof Y.Array && e.target.parent?.parent === notes) {
        const id = e.path[0];
        for (const item of e.changes.added) {
          for (const m of item.content.getContent() as Move[]) if (typeof id === 'string' && m && typeof m.to === 'string') moved.set(id, m.to);
        }
      }
    }
    if ((added.size || moved.size) && !timer) timer = setTimeout(flush, DIGEST_MS);
  };

  notes.observeDeep(onEvents);
  return () => {
    notes.unobserveDeep(onEvents);
    if (timer) clearTimeout(timer);
  };
}
