import { useEffect, useMemo, useState } from 'react';
import { personColor } from '@shared/palette';
import type { WorkshopInfo } from './api/workshops';
import { BoardCanvas } from './board/BoardCanvas';
import { BoardDialogs } from './board/BoardDialogs';
import { CanvasAids } from './board/CanvasAids';
import { SidePanels } from './board/SidePanels';
import { useBoardPanels } from './board/useBoardPanels';
import { useBoardSession } from './board/useBoardSession';
import { useBoardTestApi } from './board/useBoardTestApi';
import { useT } from './i18n';
import { Announcer } from './panels/Announcer';
import { FacilitatorSession } from './panels/FacilitatorSession';
import { ListView } from './panels/ListView';
import { NoteEditor } from './panels/NoteEditor';
import { StatusBanners } from './panels/StatusBanners';
import { Toolbar } from './panels/Toolbar';
import { TopBar } from './panels/TopBar';
import { useWritingTarget, type WritingTarget } from './session/drafts';
import { useLiveBoard, type LiveBoard } from './session/hooks';
import { limitsStore } from './session/limits';
import type { PresenceUser } from './session/presence';

interface BoardPageProps {
  workshop: WorkshopInfo;
  token: string;
  name: string;
  /** Drop the stored session and ask for a name again (after the server refused us). */
  onRejoin: () => void;
}

/** Opens the workshop's rooms and the writing target, then shows the board. */
export function BoardPage({ workshop, token, name, onRejoin }: BoardPageProps) {
  const user = useMemo<PresenceUser>(
    () => ({ id: workshop.participantId, name, color: personColor(workshop.participantId), role: workshop.role }),
    [workshop.participantId, name, workshop.role],
  );
  // Asked now, so the server's limits are in before anyone writes.
  useEffect(() => void limitsStore.load(), []);
  const live = useLiveBoard(workshop.id, token, user);
  // During private writing the canvas edits the writer's drafts instead of the board.
  const writing = useWritingTarget(live, workshop.id, token, user);
  const { t } = useT();
  if (!live || !writing) return <div className="page-message">{t('board.opening')}</div>;
  return <BoardView live={writing.live} writing={writing} workshop={workshop} token={token} user={user} onRejoin={onRejoin} />;
}

interface BoardViewProps {
  live: LiveBoard;
  writing: WritingTarget;
  workshop: WorkshopInfo;
  token: string;
  user: PresenceUser;
  onRejoin: () => void;
}

/**
 * The board page's layout. The order is the page's Tab order and its painting order: the
 * canvas first (under everything), then the bars, the notes' focus targets and what floats
 * over the canvas, the facilitator's controls, the modal views, the list and the side panels.
 */
function BoardView({ live, writing, workshop, token, user, onRejoin }: BoardViewProps) {
  const board = useBoardSession(live, writing, workshop, token, user);
  const { access, note, commands } = board;
  const panels = useBoardPanels(access.session.phase);
  const { isOpen, set } = panels;
  // The note under the mouse, whose author shows when no note is selected.
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  useBoardTestApi(board);

  useEffect(() => {
    document.title = `${workshop.title} · Four Paths`;
  }, [workshop.title]);

  const { selected, editing } = note;
  return (
    <div className={`board-page board-page--${user.role}${isOpen.list ? ' board-page--with-list' : ''}`}>
      <Announcer />
      <BoardCanvas board={board} listOpen={isOpen.list} onHover={setHoveredId} />

      <TopBar
        title={workshop.title}
        role={user.role}
        people={board.people}
        connection={access.status.state}
        historyOpen={isOpen.history}
        onToggleHistory={() => set('history', 'toggle')}
      />
      <StatusBanners
        status={access.status}
        locked={access.lockedForMe}
        onRejoin={onRejoin}
        onDiscardLocal={() => void live.conn.discardLocalCopy().then(() => window.location.reload())}
      />
      <Toolbar
        canEdit={access.canEdit}
        color={selected && note.editable ? selected.color : board.newColor}
        hasSelection={note.editable}
        canDelete={note.deletable}
        canUndo={board.undo.canUndo}
        canRedo={board.undo.canRedo}
        onAddNote={() => commands.addNote()}
        onEditNote={() => selected && commands.edit(selected.id)}
        onPickColor={board.pickColor}
        onDelete={board.deleteSelected}
        onUndo={() => live.undo.undo()}
        onRedo={() => live.undo.redo()}
        onSummary={() => set('summary', 'toggle')}
        listOpen={isOpen.list}
        onToggleList={() => set('list', 'toggle')}
        onInvite={user.role === 'facilitator' ? () => set('invite', true) : undefined}
        onPresent={user.role !== 'participant' ? () => set('present', true) : undefined}
        onImport={() => set('import', true)}
      />

      <CanvasAids board={board} hoveredId={hoveredId} />
      <FacilitatorSession writing={writing} workshopId={workshop.id} token={token} user={user} viewport={board.viewport} notes={board.snapshot.notes} selected={selected} voting={access.voting} />
      <BoardDialogs board={board} panels={panels} />

      {editing && (
        <NoteEditor
          key={editing.id}
          note={editing}
          viewport={board.viewport}
          onSave={(text) => commands.saveText(editing.id, text)}
          onCancel={() => commands.cancelEdit(editing.id)}
        />
      )}
      {isOpen.list && (
        <ListView
          notes={board.snapshot.notes}
          commands={commands}
          votesOf={board.votesOf}
          voting={access.votingOpen ? access.voting : null}
          severalPerNote={access.session.voting.severalPerNote}
          authorOf={board.authorOf}
          wording={board.wording}
          onClose={() => set('list', false)}
        />
      )}
      <SidePanels board={board} panels={panels} />
    </div>
  );
}
