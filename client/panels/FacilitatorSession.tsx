import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Note } from '@shared/schema/board';
import type { Session } from '@shared/schema/control';
import { timerRemaining } from '@shared/schema/timer';
import { matrixToWorld } from '../canvas/geometry';
import type { ViewportStore } from '../canvas/viewportStore';
import type { WritingTarget } from '../session/drafts';
import type { PresenceUser } from '../session/presence';
import { serverClock } from '../session/serverClock';
import { SessionCommands, useControl } from '../session/useControl';
import { useFollowPresenter } from '../session/useControlFollow';
import type { MyVotes, VoteState } from '../session/useControlVotes';
import { FacilitatorPanel } from './FacilitatorPanel';
import { FacilitatorSpotlight } from './FacilitatorSpotlight';
import { PhaseBanner } from './PhaseBanner';
import { VoteDots } from './VoteDots';

/** What browser tests may read of the session (test builds only). */
export interface SessionTestApi {
  session(): Session;
  progress(): Record<string, { drafts: number; done: boolean }>;
  totals(): Record<string, number>;
  myVotes(): MyVotes | null;
  /** Notes the canvas shows now: the private drafts during collect. */
  visibleNotes(): Note[];
  isPrivate(): boolean;
  following(): boolean;
  timerRemainingMs(): number;
  serverOffsetMs(): number;
}

declare global {
  interface Window {
    __fourPathsSession?: SessionTestApi;
  }
}

interface FacilitatorSessionProps {
  writing: WritingTarget;
  workshopId: string;
  token: string;
  user: PresenceUser;
  viewport: ViewportStore;
  /** The notes on the canvas (the board, or one's drafts during collect). */
  notes: readonly Note[];
  selected: Note | undefined;
  /** My votes, loaded by the board page (the list view and the keyboard vote too). */
  voting: VoteState;
}

/**
 * The facilitator-driven part of the board, on every screen: phase, guidance and timer,
 * vote buttons and totals, the spotlight and following the presenter; for facilitators,
 * the panel that drives all of it.
 */
export function FacilitatorSession({ writing, workshopId, token, user, viewport, notes, selected, voting }: FacilitatorSessionProps) {
  const { live } = writing;
  // All of it: the banner needs the session, people and progress, the panel the votes and the wording too.
  const control = useControl(live.control, (s) => s);
  const { session, participants, votes: totals, progress } = control;
  const me = useMemo(() => ({ id: user.id, role: user.role }), [user.id, user.role]);
  const follow = useFollowPresenter(live.conn.board.provider.awareness, viewport, session, me);
  const votingOpen = session.phase === 'vote' && user.role !== 'viewer';
  const commands = useMemo(() => new SessionCommands(live.conn.control.doc, live.conn.board.doc, serverClock), [live.conn]);
  const nameOf = useCallback((id: string | null) => participants.find((p) => p.id === id)?.name ?? null, [participants]);

  useEffect(() => {
    void serverClock.start();
    return () => serverClock.stop();
  }, []);

  const spotlit = session.spotlightNoteId ? notes.find((n) => n.id === session.spotlightNoteId) : undefined;
  const jump = useCallback(() => {
    if (!spotlit) return;
    follow.stepOut();
    const vp = viewport.get();
    const size = viewport.getSize();
    const world = matrixToWorld(spotlit);
    viewport.set({ ...vp, x: size.width / 2 - world.x * vp.zoom, y: size.height / 2 - world.y * vp.zoom });
  }, [spotlit, viewport, follow]);

  const latest = useRef({ session, progress, totals, voting, notes, writing, follow });
  latest.current = { session, progress, totals, voting, notes, writing, follow };
  useEffect(() => {
    if (!__TEST_API__) return;
    const now = () => latest.current;
    const api: SessionTestApi = {
      session: () => now().session,
      progress: () => Object.fromEntries(now().progress),
      totals: () => Object.fromEntries(now().totals),
      myVotes: () => now().voting.mine,
      visibleNotes: () => [...now().notes],
      isPrivate: () => now().writing.isPrivate,
      following: () => now().follow.following,
      timerRemainingMs: () => timerRemaining(now().session.timer, serverClock.now()),
      serverOffsetMs: () => serverClock.offsetMs,
    };
    window.__fourPathsSession = api;
    return () => {
      if (window.__fourPathsSession === api) delete window.__fourPathsSession;
    };
  }, []);

  return (
    <>
      <VoteDots notes={notes} viewport={viewport} totals={totals} voting={votingOpen ? voting : null} severalPerNote={session.voting.severalPerNote} markFence={session.phase === 'discuss'} />
      <FacilitatorSpotlight note={spotlit} viewport={viewport} />
      <PhaseBanner
        workshopId={workshopId}
        token={token}
        me={me}
        session={session}
        participants={participants}
        progress={progress}
        clock={serverClock}
        follow={follow}
        presenterName={nameOf(session.presenterId)}
        spotlight={spotlit ? { text: spotlit.text, jump } : null}
        votes={votingOpen ? { mine: voting.mine, error: voting.error, forName: nameOf(writing.writeAs) } : null}
        isPrivate={writing.isPrivate}
      />
      {user.role === 'facilitator' && (
        <FacilitatorPanel
          workshopId={workshopId}
          token={token}
          commands={commands}
          control={control}
          notes={notes}
          selected={selected}
          me={me}
          writeAs={writing.writeAs}
          onWriteAs={writing.setWriteAs}
          clock={serverClock}
          workshop={{ id: workshopId, token }}
        />
      )}
    </>
  );
}
