import { useSyncExternalStore } from 'react';
import type { Note } from '@shared/schema/board';
import { matrixToScreen, NOTE_H } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import { byAuthor } from '../session/noteLabel';

/** "by Ana" just under the selected or focused note; screen readers get it from the note's description instead. */
export function AuthorTag({ note, author, viewport }: { note: Note | undefined; author: string | null; viewport: ViewportStore }) {
  const vp = useSyncExternalStore(viewport.subscribe, viewport.get);
  if (!note || !author) return null;
  const c = matrixToScreen(vp, note);
  return (
    <div className="author-tag" style={{ left: c.x, top: c.y + (NOTE_H * vp.zoom) / 2 + 14 }} data-testid="author-tag" aria-hidden="true">
      {byAuthor(author)}
    </div>
  );
}
