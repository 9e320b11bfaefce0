import { useCallback, useEffect, useState } from 'react';
import type { Phase } from '@shared/schema/phases';

/** The panels and dialogs of the board page that open and close. */
type Panel = 'list' | 'summary' | 'history' | 'invite' | 'present' | 'import';

export interface BoardPanels {
  isOpen: Readonly<Record<Panel, boolean>>;
  /** Opens or closes a panel, or flips it with 'toggle'; the same function on every render. */
  set: (panel: Panel, open: boolean | 'toggle') => void;
}

function initiallyOpen(): Record<Panel, boolean> {
  // On a phone held upright the list is the natural view; the canvas is one tap away (List, or Close list).
  const list = window.matchMedia('(max-width: 640px) and (orientation: portrait)').matches;
  return { list, summary: false, history: false, invite: false, present: false, import: false };
}

/** Which panels are open; reaching the last phase opens the summary for everyone, as it is what the group takes home. */
export function useBoardPanels(phase: Phase): BoardPanels {
  const [isOpen, setIsOpen] = useState(initiallyOpen);
  const set = useCallback((panel: Panel, open: boolean | 'toggle') => {
    setIsOpen((was) => {
      const next = open === 'toggle' ? !was[panel] : open;
      return next === was[panel] ? was : { ...was, [panel]: next };
    });
  }, []);
  const reachedDone = phase === 'done';
  useEffect(() => {
    if (reachedDone) set('summary', true);
  }, [reachedDone, set]);
  return { isOpen, set };
}
