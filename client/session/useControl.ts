import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { setNoteLocked } from '@shared/schema/board';
import {
  readSession,
  setPhase,
  updateSession,
  type Session,
  type VotingSettings,
} from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import {
  addTimeToTimer,
  pauseTimer,
  resetTimer,
  startTimer,
  timerOf,
  type Timer,
} from '@shared/schema/timer';
import { setWording, type WordingOverrides } from '@shared/schema/wording';
import type { ServerClock } from './serverClock';
import type { ControlSnapshot, ControlStore } from './controlStore';

/**
 * One slice of the control room (or a value computed from one), re-rendering the component only
 * when it changes. The selector must return a slice or a primitive, never a fresh object.
 */
export function useControl<T>(store: ControlStore, select: (snapshot: ControlSnapshot) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

/**
 * What a facilitator does to the session, as named commands on the control document
 * (the server checks every value again). Timer times are on the server's clock.
 */
export class SessionCommands {
  constructor(
    private readonly control: Y.Doc,
    private readonly board: Y.Doc,
    private readonly clock: ServerClock,
  ) {}

  private get session(): Session {
    return readSession(this.control);
  }

  private timer(): Timer {
    return this.session.timer ?? timerOf(5 * 60_000);
  }

  setPhase(phase: Phase): void {
    setPhase(this.control, phase);
  }

  lockBoard(locked: boolean): void {
    updateSession(this.control, { locked });
  }

  /** "Anonymous notes": nobody's screen or summary names who wrote what. */
  setAnonymous(anonymous: boolean): void {
    updateSession(this.control, { anonymous });
  }

  lockNote(noteId: string, locked: boolean): void {
    setNoteLocked(this.board, noteId, locked);
  }

  setTimerLength(durationMs: number): void {
    updateSession(this.control, { timer: timerOf(durationMs, this.timer().autoAdvance === true) });
  }

  setAutoAdvance(autoAdvance: boolean): void {
    updateSession(this.control, { timer: { ...this.timer(), autoAdvance } });
  }

  startTimer(): void {
    updateSession(this.control, { timer: startTimer(this.timer(), this.clock.now()) });
  }

  pauseTimer(): void {
    updateSession(this.control, { timer: pauseTimer(this.timer(), this.clock.now()) });
  }

  addMinute(): void {
    updateSession(this.control, { timer: addTimeToTimer(this.timer(), 60_000, this.clock.now()) });
  }

  resetTimer(): void {
    updateSession(this.control, { timer: resetTimer(this.timer()) });
  }

  setVoting(patch: Partial<VotingSettings>): void {
    updateSession(this.control, { voting: { ...this.session.voting, ...patch } });
  }

  spotlight(noteId: string | null): void {
    updateSession(this.control, { spotlightNoteId: noteId });
  }

  /** "Bring everyone to me": participants' views follow this person's until they step out. */
  presentAs(participantId: string): void {
    updateSession(this.control, { presenterId: participantId, follow: true });
  }

  /** The workshop's own words for the paths and axes; an empty value goes back to the standard wording. */
  setWording(overrides: WordingOverrides): void {
    setWording(this.control, overrides);
  }

  /** Participants get their own view back; viewers (the projector) keep following the presenter. */
  releaseFollow(): void {
    updateSession(this.control, { follow: false });
  }
}
