import type { Placement, Quadrant } from '../matrix';
import type { ColorKey } from '../palette';
import type { PathInfo } from '../paths';
import type { Role } from '../roles';
import type { CommentKind } from '../schema/comments';
import type { Wording } from '../schema/wording';
import type { Language } from '../i18n/catalogs';

// The session summary: computed once (compute.ts) and rendered by every format.
// Its JSON form is public (docs/summary.md); bump SUMMARY_SCHEMA_VERSION on any breaking change.

export const SUMMARY_SCHEMA_VERSION = 1;

/** How far along each axis a point sits, as whole percentages: 0 = fully internal / efficiency, 100 = fully external / meaning. */
export interface AxisPosition {
  external: number;
  meaning: number;
}

export interface SummaryMove {
  from: Placement;
  to: Placement;
  byId: string;
  by: string;
  /** ISO 8601, UTC. */
  at: string;
}

export interface SummaryTakeaway {
  id: string;
  kind: CommentKind;
  text: string;
  authorId: string;
  author: string;
  /** Who takes it home (actions mostly); null when nobody was named. */
  owner: string | null;
  createdAt: string;
}

/** An action with the note it belongs to, for the "Actions" section. */
export interface SummaryAction extends SummaryTakeaway {
  noteId: string;
  noteText: string;
  placement: Placement;
}

export interface SummaryNote {
  id: string;
  text: string;
  color: ColorKey;
  placement: Placement;
  placed: boolean;
  /** Matrix units: -1 internal … +1 external; beyond ±1 the note sits in the parking area. */
  x: number;
  /** Matrix units: -1 efficiency/profit … +1 meaning. */
  y: number;
  /** Null for unplaced notes. */
  position: AxisPosition | null;
  onFence: boolean;
  /** The quadrants a note on the fence sits between, in matrix order; empty otherwise. */
  fenceBetween: Quadrant[];
  votes: number;
  authorId: string;
  author: string;
  createdAt: string;
  moves: SummaryMove[];
  /** How often the note went from one quadrant to another (passing through the parking area counts once). */
  quadrantChanges: number;
  /** Decisions, actions, questions and remarks written on the note during Discuss, oldest first. */
  takeaways: SummaryTakeaway[];
}

export interface PathSummary extends PathInfo {
  count: number;
  /** Share of all placed notes, 0…1. */
  share: number;
  /** Sorted by votes (most first), then by creation. */
  notes: SummaryNote[];
}

export interface Share {
  count: number;
  share: number;
}

export interface Balance {
  placed: number;
  meaning: Share;
  external: Share;
  /** Notes in Collective Values and Product Resonance, the two paths that engage the organization's identity. */
  identity: Share;
  centroid: { x: number; y: number; position: AxisPosition; quadrant: Quadrant } | null;
  /** The balance as a sentence a facilitator can read aloud. */
  sentence: string;
}

export type DiscussReason = 'on-fence' | 'moved';

export interface DiscussItem {
  reasons: DiscussReason[];
  note: SummaryNote;
}

export interface ParticipationRow {
  participantId: string;
  name: string;
  role: Role | null;
  notes: number;
  /** Null when per-person votes are not known (the live panel). */
  votes: number | null;
}

export interface Summary {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  generatedAt: string;
  /** IANA time zone used for dates and times in the human-readable formats. */
  timeZone: string;
  /** The language of every text in this summary (shared/i18n). */
  language: Language;
  /** The workshop's own names for the paths and axes (the standard ones where it has none). */
  wording: Wording;
  workshop: {
    id: string;
    title: string;
    /** Day of the session (first activity, else creation) as yyyy-mm-dd in timeZone. */
    date: string;
    createdAt: string;
  };
  activity: { from: string; to: string } | null;
  facilitators: string[];
  participants: { count: number; names: string[] };
  totals: { notes: number; placed: number; unplaced: number; votes: number; malformed: number };
  /** True when vote totals were withheld from this reader (voting still running with totals hidden). */
  votesHidden: boolean;
  paths: Record<Quadrant, PathSummary>;
  unplaced: SummaryNote[];
  balance: Balance;
  topVoted: SummaryNote[];
  toDiscuss: DiscussItem[];
  participation: ParticipationRow[];
  /** Every action on every note, with its owner: what the group takes home. */
  actions: SummaryAction[];
  /** Things the reader should know about the data, e.g. notes that could not be read. */
  notices: string[];
}
