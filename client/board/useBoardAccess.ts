import { useSyncExternalStore } from 'react';
import { mayWriteBoard } from '@shared/roles';
import type { Session } from '@shared/schema/control';
import type { ConnectionSnapshot } from '../session/connectionStatus';
import type { WritingTarget } from '../session/drafts';
import type { LiveBoard } from '../session/hooks';
import type { PresenceUser } from '../session/presence';
import { useControl } from '../session/useControl';
import { useMyVotes, type VoteState } from '../session/useControlVotes';

/** What this person may do on the board now: the session's rules for their role, the lock, the link and their votes. */
export interface BoardAccess {
  session: Session;
  status: ConnectionSnapshot;
  /** The facilitator locked the board, and I am not the facilitator. */
  lockedForMe: boolean;
  canEdit: boolean;
  /** Voting is open to me: the vote phase, and I am not a viewer. */
  votingOpen: boolean;
  voting: VoteState;
}

export function useBoardAccess(live: LiveBoard, writing: WritingTarget, user: PresenceUser, workshopId: string, token: string): BoardAccess {
  const session = useControl(live.control, (s) => s.session);
  const status = useSyncExternalStore(live.conn.status.subscribe, live.conn.status.get);
  const lockedForMe = session.locked && user.role !== 'facilitator';
  const canEdit = mayWriteBoard(user.role) && !lockedForMe && status.state !== 'refused';
  const votingOpen = session.phase === 'vote' && user.role !== 'viewer';
  const voting = useMyVotes(workshopId, token, votingOpen, writing.writeAs, session.voting.perParticipant);
  return { session, status, lockedForMe, canEdit, votingOpen, voting };
}
