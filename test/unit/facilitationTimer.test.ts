import { describe, expect, it } from 'vitest';
import { nextPhase, previousPhase } from '@shared/schema/phases';
import { addTimeToTimer, pauseTimer, resetTimer, startTimer, timerOf, timerRemaining } from '@shared/schema/timer';
import { sessionValueProblem } from '@shared/schema/sessionRules';

const T0 = 1_750_000_000_000;

describe('the workshop timer', () => {
  it('counts down from its duration once started, on the server’s clock', () => {
    const t = startTimer(timerOf(5 * 60_000), T0);
    expect(timerRemaining(t, T0)).toBe(300_000);
    expect(timerRemaining(t, T0 + 61_000)).toBe(239_000);
    expect(timerRemaining(t, T0 + 400_000)).toBe(0);
  });

  it('keeps the time left while paused and continues from there when resumed', () => {
    const paused = pauseTimer(startTimer(timerOf(60_000), T0), T0 + 20_000);
    expect(timerRemaining(paused, T0 + 90_000)).toBe(40_000);
    const resumed = startTimer(paused, T0 + 90_000);
    expect(timerRemaining(resumed, T0 + 100_000)).toBe(30_000);
  });

  it('adds a minute whether running or paused', () => {
    const running = addTimeToTimer(startTimer(timerOf(60_000), T0), 60_000, T0 + 50_000);
    expect(timerRemaining(running, T0 + 50_000)).toBe(70_000);
    expect(timerRemaining(running, T0 + 60_000)).toBe(60_000);
    const paused = addTimeToTimer(timerOf(30_000), 60_000, T0);
    expect(timerRemaining(paused, T0 + 999_999)).toBe(90_000);
    expect(paused.durationMs).toBe(90_000);
  });

  it('starts a fresh round when started after running out, and resets to its full length', () => {
    const ranOut = pauseTimer(startTimer(timerOf(10_000), T0), T0 + 20_000);
    expect(timerRemaining(ranOut, T0 + 20_000)).toBe(0);
    expect(timerRemaining(startTimer(ranOut, T0 + 30_000), T0 + 30_000)).toBe(10_000);
    expect(resetTimer(startTimer(timerOf(10_000, true), T0))).toEqual({ durationMs: 10_000, startedAt: null, pausedRemainingMs: null, autoAdvance: true });
  });
});

describe('session values a facilitator may store', () => {
  it('accepts what the panel writes', () => {
    expect(sessionValueProblem('phase', 'vote', T0)).toBeNull();
    expect(sessionValueProblem('timer', startTimer(timerOf(300_000, true), T0), T0)).toBeNull();
    expect(sessionValueProblem('timer', null, T0)).toBeNull();
    expect(sessionValueProblem('voting', { perParticipant: 20, severalPerNote: true, totalsVisible: false }, T0)).toBeNull();
    expect(sessionValueProblem('spotlightNoteId', null, T0)).toBeNull();
    expect(sessionValueProblem('presenterId', 'p_1-x', T0)).toBeNull();
  });

  it('names the problem with anything else', () => {
    expect(sessionValueProblem('phase', 'Vote', T0)).toMatch(/phase must be one of/);
    expect(sessionValueProblem('follow', 1, T0)).toMatch(/boolean/);
    expect(sessionValueProblem('voting', { perParticipant: 0, severalPerNote: true, totalsVisible: false }, T0)).toMatch(/1 to 20/);
    expect(sessionValueProblem('voting', { perParticipant: 2.5, severalPerNote: true, totalsVisible: false }, T0)).toMatch(/whole number/);
    expect(sessionValueProblem('timer', { durationMs: 5 * 3_600_000, startedAt: null, pausedRemainingMs: null }, T0)).toMatch(/4 h/);
    expect(sessionValueProblem('timer', { durationMs: 60_000, startedAt: T0 + 3_600_000, pausedRemainingMs: null }, T0)).toMatch(/future/);
    expect(sessionValueProblem('timer', [60_000], T0)).toMatch(/object/);
    expect(sessionValueProblem('spotlightNoteId', 'a/b', T0)).toMatch(/id or null/);
    expect(sessionValueProblem('owner', 'me', T0)).toMatch(/unknown session field/);
  });
});

describe('phases', () => {
  it('run collect, place, vote, discuss, done, forward and back', () => {
    expect(nextPhase('collect')).toBe('place');
    expect(nextPhase('discuss')).toBe('done');
    expect(nextPhase('done')).toBeNull();
    expect(previousPhase('vote')).toBe('place');
    expect(previousPhase('collect')).toBeNull();
  });
});
