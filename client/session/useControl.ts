import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { setNoteLocked } from '@shared/schema/board';
import {
  addTimeToTimer,
  pauseTimer,
  readParticipants,
  readProgress,
  readSession,
  readVotes,
  resetTimer,
  setPhase,
  startTimer,
  timerOf,
  updateSession,
  type Participant,
  type Phase,
  type Progress,
  type Session,
  type Timer,
  type VotingSettings,
} from '@shared/schema/control';
import type { ServerClock } from './serverClock';
import { withDistinctNames } from './distinctNames';

/** Everything the control room says, as plain data for React. */
export interface ControlState {
  session: Session;
  participants: Participant[];
  votes: ReadonlyMap<string, number>;
  progress: ReadonlyMap<string, Progress>;
}

function readControl(doc: Y.Doc): ControlState {
  return { session: readSession(doc), participants: withDistinctNames(readParticipants(doc)), votes: readVotes(doc), progress: readProgress(doc) };
}

function sameControl(a: ControlState, b: ControlState): boolean {
  const flat = (c: ControlState) => JSON.stringify([c.session, c.participants, [...c.votes], [...c.progress]]);
  return flat(a) === flat(b);
}

const REFRESH_MS = 100;

/** The control room's state, re-read at most ten times a second (progress changes with every draft typed). */
export function useControlState(doc: Y.Doc): ControlState {
  const [state, setState] = useState(() => readControl(doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer = null;
      const next = readControl(doc);
      setState((prev) => (sameControl(prev, next) ? prev : next));
    };
    const onUpdate = () => {
      timer ??= setTimeout(refresh, REFRESH_MS);
    };
    refresh();
    doc.on('update', onUpdate);
    return () => {
      doc.off('update', onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [doc]);
  return state;
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

  /** Participants get their own view back; viewers (the projector) keep following the presenter. */
  releaseFollow(): void {
    updateSession(this.control, { follow: false });
  }
}
