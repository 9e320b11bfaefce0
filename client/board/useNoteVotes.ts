import { useCallback } from 'react';
import type { Session } from '@shared/schema/control';
import { totalsVisible } from '@shared/schema/sessionRules';
import type { ControlStore } from '../session/controlStore';
import type { NoteVotes } from '../session/noteLabel';
import { useControl } from '../session/useControl';
import type { VoteState } from '../session/useControlVotes';

/** The votes the page shows on a note: the published total when the session shows totals, and mine while I vote. */
export function useNoteVotes(control: ControlStore, session: Session, votingOpen: boolean, voting: VoteState): (noteId: string) => NoteVotes {
  const totals = useControl(control, (s) => s.votes);
  return useCallback(
    (id: string): NoteVotes => ({
      // While voting, totals stay hidden unless the facilitator shows them.
      total: totalsVisible(session) ? (totals.get(id) ?? 0) : null,
      mine: votingOpen && voting.mine ? (voting.mine.notes[id] ?? 0) : null,
    }),
    [session, totals, votingOpen, voting.mine],
  );
}
