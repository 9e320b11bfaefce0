import { AuthorTag } from '../panels/AuthorTag';
import { NoteFocusTargets } from '../panels/NoteFocusTargets';
import { ParkingHint } from '../panels/ParkingHint';
import { ZoomControls } from '../panels/ZoomControls';
import type { BoardSession } from './useBoardSession';

/**
 * What sits over the canvas to help use it: each note's focus target for keyboards and screen
 * readers, the author tag, the parking hint and the zoom buttons.
 */
export function CanvasAids({ board, hoveredId }: { board: BoardSession; hoveredId: string | null }) {
  const { snapshot, viewport, view, note } = board;
  const canEdit = board.access.canEdit;
  // The selected note's author, else the one under the mouse.
  const tagged = (note.selected && (canEdit || note.focused) ? note.selected : undefined) ?? (hoveredId ? snapshot.byId.get(hoveredId) : undefined);
  return (
    <>
      <NoteFocusTargets
        notes={snapshot.notes}
        selection={board.selection}
        commands={board.commands}
        votesOf={board.votesOf}
        canEdit={canEdit}
        authorOf={board.authorOf}
        wording={board.wording}
      />
      {!note.editing && <AuthorTag note={tagged} author={tagged ? board.authorOf(tagged.authorId) : null} viewport={viewport} />}
      <ParkingHint notes={snapshot.notes} viewport={viewport} />
      <ZoomControls viewport={viewport} onZoomIn={() => view.zoomBy(1.25)} onZoomOut={() => view.zoomBy(0.8)} onFit={view.fitBoard} />
    </>
  );
}
