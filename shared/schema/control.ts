import * as Y from 'yjs';
import { isRole, type Role } from '../roles';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// The ONLY module that knows the control document's layout (DESIGN.md §3).
// Y.Map "session": phase, locked, timer, voting, presenterId, spotlightNoteId, follow
// Y.Map "participants": id → { name, role, joinedAt }   (server only)
// Y.Map "votes": noteId → total                          (server only)
// Y.Map "progress": id → { drafts, done }                (server only)

export const PHASES = ['collect', 'place', 'vote', 'discuss', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_GUIDANCE: Record<Phase, string> = {
  collect: 'Write your initiatives on notes. Only you can see them until the facilitator reveals them.',
  place: 'Drag each note into the path where it belongs. Leave it on a line if you are unsure.',
  vote: 'Spend your dots on the notes that matter most to your organization.',
  discuss: 'Talk through the notes on the fence and those that moved around.',
  done: 'The workshop is over. Download the summary to take it home.',
};

export interface Timer {
  durationMs: number;
  /** Server-clock ms when it was last started or resumed; null while paused or not started. */
  startedAt: number | null;
  /** Time left when it was last paused (or resumed); null means the full duration. */
  pausedRemainingMs: number | null;
  autoAdvance?: boolean;
}

export interface VotingSettings {
  perParticipant: number;
  severalPerNote: boolean;
  totalsVisible: boolean;
}

export interface Session {
  phase: Phase;
  locked: boolean;
  timer: Timer | null;
  voting: VotingSettings;
  presenterId: string | null;
  spotlightNoteId: string | null;
  /** When true, participants' views follow the presenter's viewport. */
  follow: boolean;
}

export interface Participant {
  id: string;
  name: string;
  role: Role;
  joinedAt: number;
}

export interface Progress {
  drafts: number;
  done: boolean;
}

export const DEFAULT_VOTING: VotingSettings = { perParticipant: 3, severalPerNote: false, totalsVisible: false };

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export const sessionOf = (doc: Y.Doc) => doc.getMap<unknown>('session');
export const participantsOf = (doc: Y.Doc) => doc.getMap<unknown>('participants');
export const votesOf = (doc: Y.Doc) => doc.getMap<unknown>('votes');
export const progressOf = (doc: Y.Doc) => doc.getMap<unknown>('progress');

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function readTimer(value: unknown): Timer | null {
  if (typeof value !== 'object' || value === null) return null;
  const t = value as Record<string, unknown>;
  if (!finite(t.durationMs) || t.durationMs < 0) return null;
  const startedAt = finite(t.startedAt) ? t.startedAt : null;
  const pausedRemainingMs = finite(t.pausedRemainingMs) ? Math.max(0, t.pausedRemainingMs) : null;
  return { durationMs: t.durationMs, startedAt, pausedRemainingMs, autoAdvance: t.autoAdvance === true };
}

export function readVoting(value: unknown): VotingSettings {
  if (typeof value !== 'object' || value === null) return DEFAULT_VOTING;
  const v = value as Record<string, unknown>;
  const per = finite(v.perParticipant) ? Math.round(v.perParticipant) : DEFAULT_VOTING.perParticipant;
  return {
    perParticipant: Math.min(20, Math.max(1, per)),
    severalPerNote: v.severalPerNote === true,
    totalsVisible: v.totalsVisible === true,
  };
}

export function readSession(doc: Y.Doc): Session {
  const s = sessionOf(doc);
  const phase = s.get('phase');
  const presenterId = s.get('presenterId');
  const spotlight = s.get('spotlightNoteId');
  return {
    phase: isPhase(phase) ? phase : 'collect',
    locked: s.get('locked') === true,
    timer: readTimer(s.get('timer')),
    voting: readVoting(s.get('voting')),
    presenterId: typeof presenterId === 'string' ? presenterId : null,
    spotlightNoteId: typeof spotlight === 'string' ? spotlight : null,
    follow: s.get('follow') === true,
  };
}

export function readParticipants(doc: Y.Doc): Participant[] {
  const out: Participant[] = [];
  participantsOf(doc).forEach((value, id) => {
    if (typeof value !== 'object' || value === null) return;
    const p = value as Record<string, unknown>;
    if (typeof p.name !== 'string' || !isRole(p.role) || !finite(p.joinedAt)) return;
    out.push({ id, name: p.name.slice(0, 40), role: p.role, joinedAt: p.joinedAt });
  });
  return out.sort((a, b) => a.joinedAt - b.joinedAt);
}

export function readVotes(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>();
  votesOf(doc).forEach((value, noteId) => {
    if (finite(value) && value > 0) out.set(noteId, Math.floor(value));
  });
  return out;
}

export function readProgress(doc: Y.Doc): Map<string, Progress> {
  const out = new Map<string, Progress>();
  progressOf(doc).forEach((value, id) => {
    if (typeof value !== 'object' || value === null) return;
    const p = value as Record<string, unknown>;
    out.set(id, { drafts: finite(p.drafts) ? Math.max(0, Math.floor(p.drafts)) : 0, done: p.done === true });
  });
  return out;
}

/** Writes session fields (facilitators from the client, or the server). */
export function updateSession(doc: Y.Doc, patch: Partial<Session>, origin: Origin = LOCAL): void {
  const s = sessionOf(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) s.set(key, value ?? null);
  }, origin);
}

export function setParticipant(doc: Y.Doc, p: Participant, origin: Origin): void {
  doc.transact(() => participantsOf(doc).set(p.id, { name: p.name, role: p.role, joinedAt: p.joinedAt }), origin);
}

export function setVoteTotal(doc: Y.Doc, noteId: string, total: number, origin: Origin): void {
  doc.transact(() => {
    if (total > 0) votesOf(doc).set(noteId, total);
    else votesOf(doc).delete(noteId);
  }, origin);
}

export function setProgress(doc: Y.Doc, participantId: string, progress: Progress, origin: Origin): void {
  doc.transact(() => progressOf(doc).set(participantId, { drafts: progress.drafts, done: progress.done }), origin);
}

/** Remaining time of a timer at the given server-clock instant. */
export function timerRemaining(timer: Timer | null, serverNow: number): number {
  if (!timer) return 0;
  if (timer.startedAt === null) return timer.pausedRemainingMs ?? timer.durationMs;
  const base = timer.pausedRemainingMs ?? timer.durationMs;
  return Math.max(0, base - (serverNow - timer.startedAt));
}
