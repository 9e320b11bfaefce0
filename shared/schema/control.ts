import * as Y from 'yjs';
import { MAX_NAME } from '../limits';
import { isRole, type Role } from '../roles';
import { isPhase, type Phase } from './phases';
import { VOTES_MAX } from './sessionRules';
import { readTimer, type Timer } from './timer';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// The ONLY module that knows the control document's layout (DESIGN.md §3).
// Y.Map "session": phase, locked, timer, voting, presenterId, spotlightNoteId, follow, takeawaysOpen, anonymous
// Y.Map "participants": id → { name, role, joinedAt }   (server only)
// Y.Map "votes": noteId → total                          (server only)
// Y.Map "progress": id → { drafts, done }                (server only)

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
  /** When true, participants may write takeaways during Discuss (facilitators always may). */
  takeawaysOpen: boolean;
  /** When true, no one sees who wrote a note: not on the board, not in the summary. */
  anonymous: boolean;
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

/** The control document's top-level maps. */
export const CONTROL_KEYS = ['session', 'participants', 'votes', 'progress', 'wording'] as const;

export const sessionOf = (doc: Y.Doc) => doc.getMap<unknown>('session');
export const participantsOf = (doc: Y.Doc) => doc.getMap<unknown>('participants');
export const votesOf = (doc: Y.Doc) => doc.getMap<unknown>('votes');
export const progressOf = (doc: Y.Doc) => doc.getMap<unknown>('progress');

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function readVoting(value: unknown): VotingSettings {
  if (typeof value !== 'object' || value === null) return DEFAULT_VOTING;
  const v = value as Record<string, unknown>;
  const per = finite(v.perParticipant) ? Math.round(v.perParticipant) : DEFAULT_VOTING.perParticipant;
  return {
    perParticipant: Math.min(VOTES_MAX, Math.max(1, per)),
    severalPerNote: v.severalPerNote === true,
    totalsVisible: v.totalsVisible === true,
  };
}

/** The phase alone, for checks on every write that need nothing else of the session. */
export function readPhase(doc: Y.Doc): Phase {
  const phase = sessionOf(doc).get('phase');
  return isPhase(phase) ? phase : 'collect';
}

export function readBoardLocked(doc: Y.Doc): boolean {
  return sessionOf(doc).get('locked') === true;
}

export function readTakeawaysOpen(doc: Y.Doc): boolean {
  return sessionOf(doc).get('takeawaysOpen') === true;
}

export function readSession(doc: Y.Doc): Session {
  const s = sessionOf(doc);
  const presenterId = s.get('presenterId');
  const spotlight = s.get('spotlightNoteId');
  return {
    phase: readPhase(doc),
    locked: readBoardLocked(doc),
    timer: readTimer(s.get('timer')),
    voting: readVoting(s.get('voting')),
    presenterId: typeof presenterId === 'string' ? presenterId : null,
    spotlightNoteId: typeof spotlight === 'string' ? spotlight : null,
    follow: s.get('follow') === true,
    takeawaysOpen: readTakeawaysOpen(doc),
    anonymous: s.get('anonymous') === true,
  };
}

export function readParticipants(doc: Y.Doc): Participant[] {
  const out: Participant[] = [];
  participantsOf(doc).forEach((value, id) => {
    if (typeof value !== 'object' || value === null) return;
    const p = value as Record<string, unknown>;
    if (typeof p.name !== 'string' || !isRole(p.role) || !finite(p.joinedAt)) return;
    out.push({ id, name: p.name.slice(0, MAX_NAME), role: p.role, joinedAt: p.joinedAt });
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
    const count = (v: unknown) => (finite(v) ? Math.max(0, Math.floor(v)) : 0);
    out.set(id, { drafts: count(p.drafts), done: p.done === true });
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

/** Takes a removed person off the people list and the progress board. */
export function dropParticipant(doc: Y.Doc, participantId: string, origin: Origin): void {
  doc.transact(() => {
    participantsOf(doc).delete(participantId);
    progressOf(doc).delete(participantId);
  }, origin);
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

/** Sets one phase; the server reacts to the change (reveal, vote totals, resetting "done"). */
export function setPhase(doc: Y.Doc, phase: Phase, origin: Origin = LOCAL): void {
  if (sessionOf(doc).get('phase') !== phase) updateSession(doc, { phase }, origin);
}

/** Makes the published totals equal to the given ones (absent notes are removed). */
export function writeVoteTotals(doc: Y.Doc, totals: ReadonlyMap<string, number>, origin: Origin): void {
  const votes = votesOf(doc);
  doc.transact(() => {
    for (const id of [...votes.keys()]) if (!totals.has(id)) votes.delete(id);
    for (const [id, total] of totals) {
      if (total <= 0) votes.delete(id);
      else if (votes.get(id) !== total) votes.set(id, total);
    }
  }, origin);
}

/** Sets how many private notes a participant has ready, keeping their "done" flag. */
export function setDraftCount(doc: Y.Doc, participantId: string, drafts: number, origin: Origin): void {
  const current = readProgress(doc).get(participantId);
  if (current?.drafts === drafts) return;
  setProgress(doc, participantId, { drafts, done: current?.done ?? false }, origin);
}

export function setDone(doc: Y.Doc, participantId: string, done: boolean, origin: Origin): void {
  const current = readProgress(doc).get(participantId);
  if (current?.done === done) return;
  setProgress(doc, participantId, { drafts: current?.drafts ?? 0, done }, origin);
}

/** Clears everyone's "done" flag, as each phase asks for something new. */
export function resetDone(doc: Y.Doc, origin: Origin): void {
  doc.transact(() => {
    for (const [id, p] of readProgress(doc)) if (p.done) setProgress(doc, id, { ...p, done: false }, origin);
  }, origin);
}

