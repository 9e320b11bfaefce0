import { isId } from '../rooms';
import type { Role } from '../roles';
import type { Session } from './control';
import { isPhase, PHASES } from './phases';
import { TIMER_MAX_MS } from './timer';

// What a facilitator may store in the session map (checked by the server on every write), and
// the one rule of who sees vote totals when.

/** Limits of what a facilitator may store in the session map. */
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
