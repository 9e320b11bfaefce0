import { placementOf, type Placement } from '@shared/matrix';
import type { Note } from '@shared/schema/board';
import type { Wording } from '@shared/schema/wording';
import { tUi } from '../i18n';

// How a note is named to people who cannot see the canvas: its text, its path, its votes.
// Paths go by the workshop's own wording (useWording), the words the canvas shows.

export function placementName(p: Placement, wording: Wording): string {
  return p === 'unplaced' ? tUi('paths.unplaced') : wording.paths[p].name;
}

/** A note's text for speech, shortened the way a sighted reader would skim it. */
export function shortText(text: string, max = 60): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return tUi('note.empty');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export interface NoteVotes {
  /** Published total, or null while totals are hidden. */
  total: number | null;
  /** My votes on it while voting is open, or null. */
  mine: number | null;
}

export function votesLabel({ total, mine }: NoteVotes): string {
  const parts: string[] = [];
  if (total !== null) parts.push(total === 0 ? tUi('note.noVotes') : tUi('note.votes', { count: total }));
  if (mine !== null) parts.push(mine === 0 ? tUi('note.noneOfYours') : tUi('note.ofYours', { count: mine }));
  return parts.join(', ');
}

/** Who wrote a note, as a description after its name: "by Ana". */
export function byAuthor(name: string): string {
  return tUi('note.by', { name });
}

export function noteLabel(note: Note, votes: NoteVotes, wording: Wording): string {
  const v = votesLabel(votes);
  return `${shortText(note.text, 200)}. ${placementName(placementOf(note.x, note.y), wording)}${v ? `. ${v}` : ''}`;
}
