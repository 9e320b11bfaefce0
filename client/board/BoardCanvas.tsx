import { useEffect, useMemo, useRef } from 'react';
import { Board, type BoardHandlers } from '../canvas/Board';
import { noteAt } from '../canvas/geometry';
import type { BoardSession } from './useBoardSession';

interface BoardCanvasProps {
  board: BoardSession;
  /** The list view is open beside the canvas. */
  listOpen: boolean;
  /** The note under the mouse, or null. */
  onHover: (noteId: string | null) => void;
}

/** The canvas, wired to the board's commands: select, edit, create, drag, and the pointer others see. */
export function BoardCanvas({ board, listOpen, onHover }: BoardCanvasProps) {
  const { live, selection, commands, user, note } = board;
  const canEdit = board.access.canEdit;

  const handlers = useMemo<BoardHandlers>(
    () => ({
      select: (id) => selection.select(id),
      edit: (id) => commands.edit(id),
      createAt: (p) => commands.addNote(p),
      dragStart: () => live.actions.beginDrag(),
      dragMove: (id, p) => live.actions.dragTo(id, p),
      dragEnd: (id, start, end) => live.actions.drop(id, start, end),
      pointerAt: (p) => {
        commands.pointer = p;
        onHover(p ? (noteAt(live.notes.get().notes, p)?.id ?? null) : null);
        // A viewer (often the projector) has no pointer worth showing to the room.
        if (user.role !== 'viewer') live.presence.setCursor(p);
      },
    }),
    [commands, live, selection, user.role, onHover],
  );

  // The canvas narrows or widens with the list: show the whole board again once it has.
  const { fitBoard } = board.view;
  const listShown = useRef(listOpen);
  useEffect(() => {
    if (listShown.current === listOpen) return;
    listShown.current = listOpen;
    const frame = requestAnimationFrame(fitBoard);
    return () => cancelAnimationFrame(frame);
  }, [listOpen, fitBoard]);

  return (
    <Board
      snapshot={board.snapshot}
      viewport={board.viewport}
      awareness={live.conn.board.provider.awareness}
      canEdit={canEdit}
      selectedId={canEdit || note.focused ? note.selectedId : null}
      focusedId={note.focused ? note.selectedId : null}
      editingId={note.editing ? note.editing.id : null}
      handlers={handlers}
      wording={board.wording}
    />
  );
}
