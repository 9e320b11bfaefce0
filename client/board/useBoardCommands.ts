import { useMemo, useRef } from 'react';
import type { Note } from '@shared/schema/board';
import type { ViewportStore } from '../canvas/viewportStore';
import { tUi } from '../i18n';
import { BoardCommands, type CommandContext } from '../session/boardCommands';
import type { LiveBoard } from '../session/hooks';
import { shortText } from '../session/noteLabel';
import type { PresenceUser } from '../session/presence';
import type { SelectionStore } from '../session/selectionStore';
import { useBoardKeyboard } from '../session/useBoardKeyboard';
import { useViewCommands, type ViewCommands } from '../session/useViewCommands';

/** What the commands read of the page as it is now; the view commands and the delete rule come from here. */
type PageFacts = Omit<CommandContext, keyof ViewCommands | 'mayDelete'>;

/** Participants delete only their own notes; a facilitator deletes anyone's after saying yes to a warning. */
function mayDelete(note: Note, user: PresenceUser): boolean {
  if (user.role === 'facilitator') return note.authorId === user.id || window.confirm(tUi('note.confirmDeleteOthers', { note: shortText(note.text) }));
  return note.authorId === user.id;
}

/**
 * The board's named commands for this page, made once per board and reading the page's facts
 * of the moment they run, and the page's one keyboard listener that runs them.
 */
export function useBoardCommands(live: LiveBoard, selection: SelectionStore, viewport: ViewportStore, user: PresenceUser, facts: PageFacts): { commands: BoardCommands; view: ViewCommands } {
  const view = useViewCommands(viewport, live.notes);
  const context = useRef<CommandContext | null>(null);
  context.current = { ...facts, mayDelete: (note) => mayDelete(note, user), ...view };
  const commands = useMemo(() => new BoardCommands(live, selection, viewport, () => context.current!), [live, selection, viewport]);
  useBoardKeyboard(commands);
  return { commands, view };
}
