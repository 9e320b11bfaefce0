import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { Session } from '@shared/schema/control';
import type { Wording } from '@shared/schema/wording';
import { timerRemaining } from '@shared/schema/timer';
import { tUi } from '../i18n';
import { watchActivity } from './activityDigest';
import { announce } from './announcer';
import type { ServerClock } from './serverClock';

const ONE_MINUTE = 60_000;

/**
 * What the live region says about the session: each phase change, the timer at one minute
 * and at zero, votes left after each vote, and a digest of what others did.
 */
export function useAnnouncements(session: Session, remainingVotes: number | null, board: Y.Doc, clock: ServerClock, wording: Wording): void {
  const phase = useRef(session.phase);
  useEffect(() => {
    if (phase.current === session.phase) return;
    phase.current = session.phase;
    announce(tUi('say.phase', { phase: tUi(`phase.name.${session.phase}`), guide: tUi(`phase.guide.${session.phase}`) }));
  }, [session.phase]);

  const { timer } = session;
  useEffect(() => {
    if (!timer || timer.startedAt === null) return;
    const left = timerRemaining(timer, clock.now());
    if (left <= 0) return;
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    if (left > ONE_MINUTE) timers.push(setTimeout(() => announce(tUi('say.oneMinute')), left - ONE_MINUTE));
    timers.push(setTimeout(() => announce(tUi('say.timeUp')), left));
    return () => timers.forEach(clearTimeout);
  }, [timer, clock]);

  const votes = useRef(remainingVotes);
  useEffect(() => {
    const before = votes.current;
    votes.current = remainingVotes;
    if (remainingVotes === null || before === null || before === remainingVotes) return;
    announce(tUi(remainingVotes < before ? 'say.voteGiven' : 'say.voteTakenBack', { count: remainingVotes }));
  }, [remainingVotes]);

  // The digest names paths as the workshop does now, without watching the board anew after each rename.
  const words = useRef(wording);
  words.current = wording;
  useEffect(() => watchActivity(board, announce, () => words.current), [board]);
}
