import { FENCE_MARGIN, QUADRANTS, axisPercent, isOnFence, isPlaced, placementOf, quadrantOf, type Placement, type Quadrant } from '../matrix';
import { PATHS } from '../paths';
import type { Role } from '../roles';
import type { BoardRead, Move, Note } from '../schema/board';
import type { Participant } from '../schema/control';
import { resolveWording, type WordingOverrides } from '../schema/wording';
import type { Language } from '../i18n/catalogs';
import { pathTexts, standardWording, summaryT } from '../i18n/summaryI18n';
import { computeBalance } from './balance';
import { isTimeZone, isoDay, plural } from './format';
import { SUMMARY_SCHEMA_VERSION, type DiscussItem, type SummaryAction, type ParticipationRow, type PathSummary, type Summary, type SummaryNote } from './types';

export interface SummaryInput {
  workshop: { id: string; title: string; createdAt: number };
  board: BoardRead;
  participants: readonly Participant[];
  /** Note id → total votes. */
  votes: ReadonlyMap<string, number>;
  /** Participant id → votes cast; omitted where unknown (the live panel only sees totals). */
  votesCast?: ReadonlyMap<string, number>;
  votesHidden?: boolean;
  generatedAt: number;
  timeZone?: string;
  /** The facilitator's own wording from the control room. */
  wording?: WordingOverrides;
  /** Language of the texts; English when absent. */
  language?: Language;
  /** The facilitator's "anonymous notes" switch: no author, mover or takeaway writer is named. */
  anonymous?: boolean;
}

export const TOP_VOTED = 5;
export const UNKNOWN_AUTHOR = 'Unknown';

/** The whole session summary; every format renders this object and nothing else. */
export function computeSummary(input: SummaryInput): Summary {
  const timeZone = input.timeZone && isTimeZone(input.timeZone) ? input.timeZone : 'UTC';
  const language = input.language ?? 'en';
  const t = summaryT(language);
  const wording = resolveWording(input.wording ?? {}, standardWording(language));
  const names = new Map(input.participants.map((p) => [p.id, p.name]));
  const known = (id: string) => names.get(id) ?? t('unknownAuthor');
  // Anonymous: empty names and ids, which every renderer leaves out; participation still counts from the raw notes.
  const nameOf = input.anonymous ? () => '' : known;
  const votesOf = (id: string) => (input.votesHidden ? 0 : (input.votes.get(id) ?? 0));

  const readable = input.board.notes.filter((n) => isDateMs(n.createdAt));
  const notes = readable.map((n) => summarizeNote(n, votesOf(n.id), nameOf));
  const byRank = [...notes].sort(compareRank);
  const placed = byRank.filter((n) => n.placed);
  const unplaced = byRank.filter((n) => !n.placed);

  const perPath = Object.fromEntries(QUADRANTS.map((q) => [q, 0])) as Record<Quadrant, number>;
  for (const n of placed) perPath[n.placement as Quadrant]++;
  const paths = Object.fromEntries(
    QUADRANTS.map((q): [Quadrant, PathSummary] => [
      q,
      { ...PATHS[q], ...pathTexts(language, q), ...wording.paths[q], count: perPath[q], share: placed.length ? perPath[q] / placed.length : 0, notes: placed.filter((n) => n.placement === q) },
    ]),
  ) as Record<Quadrant, PathSummary>;

  const activity = activitySpan(readable);
  const day = activity ? Date.parse(activity.from) : input.workshop.createdAt;
  const people = [...input.participants].sort((a, b) => a.joinedAt - b.joinedAt);
  const named = (role: Role) => people.filter((p) => p.role === role).map((p) => p.name);

  const malformed = input.board.malformed + input.board.notes.length - readable.length;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    generatedAt: iso(input.generatedAt),
    timeZone,
    language,
    wording,
    workshop: { id: input.workshop.id, title: input.workshop.title, date: isoDay(day, timeZone), createdAt: iso(input.workshop.createdAt) },
    activity,
    facilitators: named('facilitator'),
    participants: { count: named('participant').length, names: named('participant') },
    totals: {
      notes: notes.length,
      placed: placed.length,
      unplaced: unplaced.length,
      votes: notes.reduce((sum, n) => sum + n.votes, 0),
      malformed,
    },
    votesHidden: input.votesHidden === true,
    paths,
    unplaced,
    balance: computeBalance(placed, perPath, wording, language),
    topVoted: topVoted(byRank),
    toDiscuss: toDiscuss(byRank),
    participation: participation(input, readable),
    actions: actionsOf(byRank),
    notices: malformed > 0 ? [`${plural(malformed, 'note')} could not be read and ${malformed === 1 ? 'is' : 'are'} left out of this summary.`] : [],
  };
}

/** Dates must survive toISOString, which throws past ±8.64e15 ms; a note with another value counts as malformed. */
function isDateMs(ms: number): boolean {
  return Math.abs(ms) <= 8.64e15;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function summarizeNote(n: Note, votes: number, nameOf: (id: string) => string): SummaryNote {
  const placed = isPlaced(n.x, n.y);
  const onFence = isOnFence(n.x, n.y);
  return {
    id: n.id,
    text: n.text,
    color: n.color,
    placement: placementOf(n.x, n.y),
    placed,
    x: n.x,
    y: n.y,
    position: placed ? { external: axisPercent(n.x), meaning: axisPercent(n.y) } : null,
    onFence,
    fenceBetween: onFence ? fenceBetween(n.x, n.y) : [],
    votes,
    authorId: nameOf(n.authorId) && n.authorId,
    author: nameOf(n.authorId),
    createdAt: iso(n.createdAt),
    moves: n.moves.filter((m) => isDateMs(m.at)).map((m) => ({ from: m.from, to: m.to, byId: nameOf(m.by) && m.by, by: nameOf(m.by), at: iso(m.at) })),
    quadrantChanges: quadrantChanges(n.moves),
    takeaways: n.comments
      .filter((c) => isDateMs(c.createdAt))
      .map((c) => ({ id: c.id, kind: c.kind, text: c.text, authorId: nameOf(c.authorId) && c.authorId, author: nameOf(c.authorId), owner: c.owner, createdAt: iso(c.createdAt) })),
  };
}

/** Actions in the order of their notes' rank, then as written. */
function actionsOf(byRank: readonly SummaryNote[]): SummaryAction[] {
  return byRank.flatMap((n) =>
    n.takeaways.filter((t) => t.kind === 'action').map((t) => ({ ...t, noteId: n.id, noteText: n.text, placement: n.placement })),
  );
}

/** Votes first, then the order in which notes were written. */
function compareRank(a: SummaryNote, b: SummaryNote): number {
  return b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The quadrants a note on a line touches: each side of every line it sits on. */
export function fenceBetween(x: number, y: number): Quadrant[] {
  const xs = Math.abs(x) < FENCE_MARGIN ? [-1, 1] : [x];
  const ys = Math.abs(y) < FENCE_MARGIN ? [-1, 1] : [y];
  const touched = new Set<Quadrant>();
  for (const qx of xs) for (const qy of ys) touched.add(quadrantOf(qx, qy));
  return QUADRANTS.filter((q) => touched.has(q));
}

/** Changes from one quadrant to a different one; a stay in the parking area in between does not count on its own. */
export function quadrantChanges(moves: readonly Move[]): number {
  let last: Placement = moves[0]?.from ?? 'unplaced';
  let changes = 0;
  for (const m of moves) {
    if (m.to === 'unplaced') continue;
    if (last !== 'unplaced' && m.to !== last) changes++;
    last = m.to;
  }
  return changes;
}

function activitySpan(notes: readonly Note[]): Summary['activity'] {
  let from = Infinity;
  let to = -Infinity;
  for (const n of notes) {
    from = Math.min(from, n.createdAt);
    to = Math.max(to, n.createdAt);
    for (const m of n.moves) if (isDateMs(m.at)) to = Math.max(to, m.at);
  }
  return Number.isFinite(from) ? { from: iso(from), to: iso(to) } : null;
}

/** The top five, widened to every note tied with the fifth. */
function topVoted(byRank: readonly SummaryNote[]): SummaryNote[] {
  const voted = byRank.filter((n) => n.votes > 0);
  const fifth = voted[TOP_VOTED - 1];
  return fifth ? voted.filter((n) => n.votes >= fifth.votes) : voted;
}

function toDiscuss(byRank: readonly SummaryNote[]): DiscussItem[] {
  const items: DiscussItem[] = [];
  for (const note of byRank) {
    const reasons: DiscussItem['reasons'] = [];
    if (note.onFence) reasons.push('on-fence');
    if (note.quadrantChanges >= 2) reasons.push('moved');
    if (reasons.length) items.push({ reasons, note });
  }
  return items;
}

/** Counts only: votes are never tied to the notes they went to. */
function participation(input: SummaryInput, notes: readonly Note[]): ParticipationRow[] {
  const written = new Map<string, number>();
  for (const n of notes) written.set(n.authorId, (written.get(n.authorId) ?? 0) + 1);
  const rows: ParticipationRow[] = [];
  const seen = new Set<string>();
  for (const p of input.participants) {
    seen.add(p.id);
    const notesWritten = written.get(p.id) ?? 0;
    const votes = input.votesCast ? (input.votesCast.get(p.id) ?? 0) : null;
    if (p.role === 'viewer' && notesWritten === 0 && !votes) continue;
    rows.push({ participantId: p.id, name: p.name, role: p.role, notes: notesWritten, votes });
  }
  for (const [id, count] of written) {
    if (!seen.has(id)) rows.push({ participantId: id, name: UNKNOWN_AUTHOR, role: null, notes: count, votes: input.votesCast ? (input.votesCast.get(id) ?? 0) : null });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.participantId.localeCompare(b.participantId));
}
