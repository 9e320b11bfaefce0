import { useEffect, useRef } from 'react';
import { installTestApi } from '../session/testApi';
import type { BoardSession } from './useBoardSession';

/** Lets browser tests read and drive this board through window.__fourPaths (test builds only). */
export function useBoardTestApi(board: BoardSession): void {
  const { live, viewport, user } = board;
  const latest = useRef(board);
  latest.current = board;
  useEffect(() => {
    if (!__TEST_API__) return;
    return installTestApi({
      live,
      viewport,
      canvas: () => document.querySelector<HTMLElement>('[data-testid="board-canvas"]'),
      role: user.role,
      participantId: user.id,
      canEdit: () => latest.current.access.canEdit,
      people: () => latest.current.people.map((p) => ({ name: p.name, role: p.role })),
    });
  }, [live, viewport, user.role, user.id]);
}
