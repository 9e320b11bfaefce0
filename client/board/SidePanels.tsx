import { HistoryPanel } from '../panels/HistoryPanel';
import { SummaryPanel } from '../panels/SummaryPanel';
import { TakeawaysPanel } from '../panels/TakeawaysPanel';
import type { BoardPanels } from './useBoardPanels';
import type { BoardSession } from './useBoardSession';

/** The panels on the right: the facilitator's history, the selected note's takeaways, and the summary. */
export function SidePanels({ board, panels }: { board: BoardSession; panels: BoardPanels }) {
  const { live, user, workshop, token } = board;
  const { session } = board.access;
  const { selected } = board.note;
  const { isOpen, set } = panels;
  return (
    <div className="side-panels">
      {isOpen.history && user.role === 'facilitator' && <HistoryPanel workshopId={workshop.id} token={token} onClose={() => set('history', false)} />}
      {selected && (session.phase === 'discuss' || selected.comments.length > 0) && !board.writing.isPrivate && (
        <TakeawaysPanel
          key={selected.id}
          note={selected}
          board={live.conn.board.doc}
          control={live.conn.control.doc}
          session={session}
          participants={board.participants}
          role={user.role}
          participantId={user.id}
          onClose={() => board.selection.forget(selected.id)}
        />
      )}
      {isOpen.summary && <SummaryPanel workshopId={workshop.id} token={token} board={live.conn.board.doc} control={live.control} onClose={() => set('summary', false)} />}
    </div>
  );
}
