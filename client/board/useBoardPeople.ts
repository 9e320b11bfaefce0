import { useMemo } from 'react';
import { withDistinctNames } from '../session/distinctNames';
import { usePeople, type LiveBoard } from '../session/hooks';
import type { PresenceUser } from '../session/presence';
import { useControl } from '../session/useControl';

/** The people of a board: everyone who joined, who is here now, and who wrote which note. */
export function useBoardPeople(live: LiveBoard, user: PresenceUser, anonymous: boolean) {
  const participants = useControl(live.control, (s) => s.participants);
  const present = usePeople(live.conn.board.provider.awareness, user.id);
  // Namesakes get the same "Ana (2)" everywhere: the control room's names first, then by join time among the rest.
  const people = useMemo(() => {
    const known = new Map(participants.map((p) => [p.id, p]));
    return withDistinctNames(present.map((p) => ({ ...p, name: known.get(p.id)?.name ?? p.name, joinedAt: known.get(p.id)?.joinedAt ?? Number.MAX_SAFE_INTEGER })));
  }, [present, participants]);
  // Who wrote a note, unless the facilitator made notes anonymous.
  const authorOf = useMemo(() => {
    const names = new Map(participants.map((p) => [p.id, p.name]));
    return (id: string): string | null => (anonymous ? null : (names.get(id) ?? null));
  }, [anonymous, participants]);
  return { participants, people, authorOf };
}
