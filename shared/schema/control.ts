import * as Y from 'yjs';
import { MAX_NAME } from '../limits';
import { isId } from '../rooms';
import { isRole, type Role } from '../roles';
import type { Origin } from './origins';
import { LOCAL } from './origins';

// The ONLY module that knows the control document's layout (DESIGN.md §3).
// Y.Map "session": phase, locked, timer, voting, presenterId, spotlightNoteId, follow, takeawaysOpen, anonymous
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

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function nextPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) + 1] ?? null;
}

export function previousPhase(phase: Phase): Phase | null {
  return PHASES[PHASES.indexOf(phase) - 1] ?? null;
}

/** Limits of what a facilitator may store in the session map. */
export const TIMER_MAX_MS = 4 * 60 * 60_000;
export const VOTES_MAX = 20;
/** A timer may not claim to start further in the future than this (clocks differ a little, not by minutes). */
const START_AHEAD_MS = 10 * 60_000;

const SESSION_KEYS = ['phase', 'locked', 'timer', 'voting', 'presenterId', 'spotlightNoteId', 'follow', 'takeawaysOpen', 'anonymous'] as const;
export type SessionKey = (typeof SESSION_KEYS)[number];

export function isSessionKey(key: unknown): key is SessionKey {
  return typeof key === 'string' && (SESSION_KEYS as readonly string[]).includes(key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[]): string | null {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) return k;
  return null;
}

function timerProblem(value: unknown, serverNow: number): string | null {
  if (value === null) return null;
  if (!isPlainObject(value)) return 'timer must be an object or null';
  const extra = onlyKeys(value, ['durationMs', 'startedAt', 'pausedRemainingMs', 'autoAdvance']);
  if (extra) return `unknown timer field "${extra}"`;
  const { durationMs, startedAt, pausedRemainingMs, autoAdvance } = value;
  if (!Number.isInteger(durationMs) || (durationMs as number) < 1000 || (durationMs as number) > TIMER_MAX_MS) {
    return 'timer duration must be whole milliseconds from 1 s to 4 h';
  }
  if (startedAt !== null && (!Number.isInteger(startedAt) || (startedAt as number) < 0 || (startedAt as number) > serverNow + START_AHEAD_MS)) {
    return 'timer start must be null or a server time that is not in the future';
  }
  if (pausedRemainingMs !== null && (!Number.isInteger(pausedRemainingMs) || (pausedRemainingMs as number) < 0 || (pausedRemainingMs as number) > TIMER_MAX_MS)) {
    return 'timer remaining time must be null or whole milliseconds up to 4 h';
  }
  if (autoAdvance !== undefined && typeof autoAdvance !== 'boolean') return 'timer autoAdvance must be a boolean';
  return null;
}

function votingProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'voting must be an object';
  const extra = onlyKeys(value, ['perParticipant', 'severalPerNote', 'totalsVisible']);
  if (extra) return `unknown voting field "${extra}"`;
  const { perParticipant, severalPerNote, totalsVisible } = value;
  if (!Number.isInteger(perParticipant) || (perParticipant as number) < 1 || (perParticipant as number) > VOTES_MAX) {
    return `votes per participant must be a whole number from 1 to ${VOTES_MAX}`;
  }
  if (typeof severalPerNote !== 'boolean' || typeof totalsVisible !== 'boolean') return 'voting switches must be booleans';
  return null;
}

/** Why a value may not be stored under a session key, or null when it may (checked on every facilitator write). */
export function sessionValueProblem(key: string, value: unknown, serverNow: number): string | null {
  switch (key) {
    case 'phase':
      return isPhase(value) ? null : `phase must be one of ${PHASES.join(', ')}`;
    case 'locked':
    case 'follow':
    case 'takeawaysOpen':
    case 'anonymous':
      return typeof value === 'boolean' ? null : `${key} must be a boolean`;
    case 'timer':
      return timerProblem(value, serverNow);
    case 'voting':
      return votingProblem(value);
    case 'presenterId':
    case 'spotlightNoteId':
      return value === null || isId(value) ? null : `${key} must be an id or null`;
    default:
      return `unknown session field "${key}"`;
  }
}

/** The one vote-visibility rule: totals are public outside voting, and during it only when the facilitator shows them. */
export function totalsVisible(session: Pick<Session, 'phase' | 'voting'>): boolean {
  return session.phase !== 'vote' || session.voting.totalsVisible;
}

/** Whether someone in this role sees no vote totals now (facilitators always see them). */
export function totalsHiddenFrom(session: Pick<Session, 'phase' | 'voting'>, role: Role): boolean {
  return !totalsVisible(session) && role !== 'facilitator';
}

/** The control document's top-level maps. */
export const CONTROL_KEYS = ['session', 'participants', 'votes', 'progress', 'wording'] as const;

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

export function isTimerRunning(timer: Timer | null): boolean {
  return timer !== null && timer.startedAt !== null;
}

// Timer commands: pure, in server-clock ms, so every client computes the same remaining time.

/** A stopped timer of the given length, ready to start. */
export function timerOf(durationMs: number, autoAdvance = false): Timer {
  return { durationMs: Math.round(durationMs), startedAt: null, pausedRemainingMs: null, autoAdvance };
}

export function startTimer(timer: Timer, serverNow: number): Timer {
  if (timer.startedAt !== null) return timer;
  const left = timerRemaining(timer, serverNow);
  // Starting a timer that ran out begins a fresh round.
  return { ...timer, startedAt: Math.round(serverNow), pausedRemainingMs: left > 0 ? left : null };
}

export function pauseTimer(timer: Timer, serverNow: number): Timer {
  if (timer.startedAt === null) return timer;
  return { ...timer, startedAt: null, pausedRemainingMs: Math.round(timerRemaining(timer, serverNow)) };
}

export function addTimeToTimer(timer: Timer, ms: number, serverNow: number): Timer {
  const left = Math.min(TIMER_MAX_MS, timerRemaining(timer, serverNow) + ms);
  const durationMs = Math.min(TIMER_MAX_MS, Math.max(timer.durationMs, left));
  return timer.startedAt === null
    ? { ...timer, durationMs, pausedRemainingMs: Math.round(left) }
    : { ...timer, durationMs, startedAt: Math.round(serverNow), pausedRemainingMs: Math.round(left) };
}

export function resetTimer(timer: Timer): Timer {
  return timerOf(timer.durationMs, timer.autoAdvance === true);
}

/** Remaining time of a timer at the given server-clock instant. */
export function timerRemaining(timer: Timer | null, serverNow: number): number {
  if (!timer) return 0;
  if (timer.startedAt === null) return timer.pausedRemainingMs ?? timer.durationMs;
  const base = timer.pausedRemainingMs ?? timer.durationMs;
  return Math.max(0, base - (serverNow - timer.startedAt));
}
