import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { personColor, type ColorKey } from '@shared/palette';
import { mayWriteBoard } from '@shared/roles';
import { Board, type BoardHandlers } from './canvas/Board';
import { boardExtent, fitViewport, freeParkingSlot, matrixToScreen, NOTE_H, NOTE_W, PANEL_INSETS, viewportCenter, zoomAt, type Point, type Viewport } from './canvas/geometry';
import { ViewportStore } from './canvas/viewportStore';
import { boardInsets } from './canvas/insets';
import { ConnectionBadge } from './panels/ConnectionBadge';
import { NoteEditor } from './panels/NoteEditor';
import { PresenceList } from './panels/PresenceList';
import { StatusBanners } from './panels/StatusBanners';
import { SummaryPanel } from './panels/SummaryPanel';
import { HistoryPanel } from './panels/HistoryPanel';
import { Toolbar } from './panels/Toolbar';
import { ZoomControls } from './panels/ZoomControls';
import type { WorkshopInfo } from './session/api';
import { useControlSession, useLiveBoard, usePeople, type LiveBoard } from './session/hooks';
import type { PresenceUser } from './session/presence';
import { loadNoteColor, saveNoteColor } from './session/storage';
import { installTestApi } from './session/testApi';
import { FacilitatorSession } from './panels/FacilitatorSession';
import { ImportDialog } from './panels/ImportDialog';
import { TakeawaysPanel } from './panels/TakeawaysPanel';
import { useWritingTarget, type WritingTarget } from './session/drafts';
import { useWording } from './session/useWording';

interface BoardPageProps {
  workshop: WorkshopInfo;
  token: string;
  name: string;
  /** Drop the stored session and ask for a name again (after the server refused us). */
  onRejoin: () => void;
}

export function BoardPage({ workshop, token, name, onRejoin }: BoardPageProps) {
  const user = useMemo<PresenceUser>(
    () => ({ id: workshop.participantId, name, color: personColor(workshop.participantId), role: workshop.role }),
    [workshop.participantId, name, workshop.role],
  );
  const live = useLiveBoard(workshop.id, token, user);
  // During private writing the canvas edits the writer's drafts instead of the board.
  const writing = useWritingTarget(live, workshop.id, token, user);
  if (!live || !writing) return <div className="page-message">Opening the board…</div>;
  return <BoardView live={writing.live} writing={writing} workshop={workshop} token={token} user={user} onRejoin={onRejoin} />;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Pans (keeping the zoom) so a matrix point is on screen, when it is not already. */
function revealed(vp: Viewport, size: { width: number; height: number }, p: Point): Viewport {
  const s = matrixToScreen(vp, p);
  const halfW = (NOTE_W * vp.zoom) / 2;
  const halfH = (NOTE_H * vp.zoom) / 2;
  // Leave room for the top bar and the toolbar, which float over the canvas.
  const inside = s.x - halfW >= 0 && s.x + halfW <= size.width && s.y - halfH >= 60 && s.y + halfH <= size.height - 90;
  if (inside) return vp;
  return { ...vp, x: vp.x + size.width / 2 - s.x, y: vp.y + size.height / 2 - s.y };
}

interface BoardViewProps {
  live: LiveBoard;
  writing: WritingTarget;
  workshop: WorkshopInfo;
  token: string;
  user: PresenceUser;
  onRejoin: () => void;
}

function BoardView({ live, writing, workshop, token, user, onRejoin }: BoardViewProps) {
  const viewport = useMemo(() => new ViewportStore(), []);
  const snapshot = useSyncExternalStore(live.notes.subscribe, live.notes.get);
  const status = useSyncExternalStore(live.conn.status.subscribe, live.conn.status.get);
  const undoState = useSyncExternalStore(live.undo.subscribe, live.undo.get);
  const session = useControlSession(live.conn.control.doc);
  const wording = useWording(live.conn.control.doc);
  const awareness = live.conn.board.provider.awareness;
  const people = usePeople(awareness, user.id);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [newColor, setNewColor] = useState<ColorKey>(loadNoteColor);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  // Reaching the last phase opens the summary for everyone: it is what the group takes home.
  const reachedDone = session.phase === 'done';
  useEffect(() => {
    if (reachedDone) setSummaryOpen(true);
  }, [reachedDone]);
  const pointer = useRef<Point | null>(null);
  /** A note created a moment ago: cancelling its first edit removes it again. */
  const fresh = useRef<string | null>(null);

  const lockedForMe = session.locked && user.role !== 'facilitator';
  const canEdit = mayWriteBoard(user.role) && !lockedForMe && status.state !== 'refused';
  const selected = selectedId ? snapshot.byId.get(selectedId) : undefined;
  const editing = editingId && canEdit ? snapshot.byId.get(editingId) : undefined;
  const selectedEditable = !!selected && canEdit && !selected.locked;

  // Forget a selection whose note is gone (deleted here or by someone else).
  useEffect(() => {
    if (selectedId && !snapshot.byId.has(selectedId)) setSelectedId(null);
  }, [selectedId, snapshot]);

  const addNote = useCallback(
    (at?: Point) => {
      if (!canEdit) return;
      const p = at ?? freeParkingSlot(live.notes.get().notes);
      const id = live.actions.createNote(p, newColor);
      live.notes.flushNow();
      fresh.current = id;
      viewport.set(revealed(viewport.get(), viewport.getSize(), p));
      // Mounting the editor inside the same event lets phones open their keyboard.
      flushSync(() => {
        setSelectedId(id);
        setEditingId(id);
      });
    },
    [canEdit, live, newColor, viewport],
  );

  const saveText = useCallback(
    (id: string, text: string) => {
      if (fresh.current === id && text.trim() === '') live.actions.deleteNote(id);
      else live.actions.setText(id, text);
      fresh.current = null;
      setEditingId(null);
    },
    [live],
  );

  const cancelEdit = useCallback(
    (id: string) => {
      if (fresh.current === id) live.actions.deleteNote(id);
      fresh.current = null;
      setEditingId(null);
    },
    [live],
  );

  const deleteSelected = useCallback(() => {
    if (!selected || !selectedEditable) return;
    live.actions.deleteNote(selected.id);
    setSelectedId(null);
  }, [live, selected, selectedEditable]);

  const pickColor = useCallback(
    (color: ColorKey) => {
      setNewColor(color);
      saveNoteColor(color);
      if (selected && selectedEditable) live.actions.setColor(selected.id, color);
    },
    [live, selected, selectedEditable],
  );

  const zoomBy = useCallback(
    (factor: number) => {
      const size = viewport.getSize();
      viewport.set(zoomAt(viewport.get(), { x: size.width / 2, y: size.height / 2 }, factor));
    },
    [viewport],
  );
  const fitBoard = useCallback(() => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="board-canvas"]');
    const insets = canvas ? boardInsets(canvas) : PANEL_INSETS;
    viewport.set(fitViewport(boardExtent(live.notes.get().notes), viewport.getSize(), insets));
  }, [live, viewport]);

  const handlers = useMemo<BoardHandlers>(
    () => ({
      select: (id) => setSelectedId(id),
      edit: (id) => {
        setSelectedId(id);
        setEditingId(id);
      },
      createAt: (p) => addNote(p),
      dragStart: () => live.actions.beginDrag(),
      dragMove: (id, p) => live.actions.dragTo(id, p),
      dragEnd: (id, start, end) => live.actions.drop(id, start, end),
      pointerAt: (p) => {
        pointer.current = p;
        // A viewer (often the projector) has no pointer worth showing to the room.
        if (user.role !== 'viewer') live.presence.setCursor(p);
      },
    }),
    [addNote, live, user.role],
  );

  // Share where we are looking, for a later "follow the presenter".
  useEffect(
    () => viewport.subscribe(() => live.presence.setViewport(viewportCenter(viewport.get(), viewport.getSize()))),
    [live, viewport],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey) return;
      const mod = e.metaKey || e.ctrlKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && canEdit) {
        e.preventDefault();
        if (e.shiftKey) live.undo.redo();
        else live.undo.undo();
      } else if (mod && key === 'y' && canEdit) {
        e.preventDefault();
        live.undo.redo();
      } else if (mod) {
        return;
      } else if (key === 'n' && canEdit) {
        e.preventDefault();
        addNote(pointer.current ?? undefined);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && selectedEditable) {
        e.preventDefault();
        deleteSelected();
      } else if (e.key === 'Enter' && selectedEditable && selected) {
        e.preventDefault();
        setEditingId(selected.id);
      } else if (e.key === 'Escape') {
        setSelectedId(null);
      } else if (e.key === '+' || e.key === '=') {
        zoomBy(1.25);
      } else if (e.key === '-' || e.key === '_') {
        zoomBy(0.8);
      } else if (e.key === '0') {
        fitBoard();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [addNote, canEdit, deleteSelected, fitBoard, live, selected, selectedEditable, zoomBy]);

  useEffect(() => {
    document.title = `${workshop.title} · Four Paths`;
  }, [workshop.title]);

  const latest = useRef({ canEdit, people });
  latest.current = { canEdit, people };
  useEffect(() => {
    if (!__TEST_API__) return;
    return installTestApi({
      live,
      viewport,
      canvas: () => document.querySelector<HTMLElement>('[data-testid="board-canvas"]'),
      role: user.role,
      participantId: user.id,
      canEdit: () => latest.current.canEdit,
      people: () => latest.current.people.map((p) => ({ name: p.name, role: p.role })),
    });
  }, [live, viewport, user.role, user.id]);

  return (
    <div className={`board-page board-page--${user.role}`}>
      <Board
        snapshot={snapshot}
        viewport={viewport}
        awareness={awareness}
        canEdit={canEdit}
        selectedId={canEdit ? selectedId : null}
        editingId={editing ? editing.id : null}
        handlers={handlers}
        wording={wording}
      />

      <header className="topbar">
        <div className="topbar__title">
          <span className="topbar__brand">Four Paths</span>
          <h1 title={workshop.title}>{workshop.title}</h1>
          {user.role !== 'participant' && <span className={`role-badge role-badge--${user.role}`}>{user.role === 'viewer' ? 'View only' : 'Facilitator'}</span>}
        </div>
        <div className="topbar__right">
          {user.role === 'facilitator' && (
            <button className="button" aria-expanded={historyOpen} onClick={() => setHistoryOpen((o) => !o)}>
              History
            </button>
          )}
          <PresenceList people={people} />
          <ConnectionBadge state={status.state} />
        </div>
      </header>

      <StatusBanners
        status={status}
        locked={lockedForMe}
        onRejoin={onRejoin}
        onDiscardLocal={() => void live.conn.discardLocalCopy().then(() => window.location.reload())}
      />

      <Toolbar
        canEdit={canEdit}
        color={selected && selectedEditable ? selected.color : newColor}
        hasSelection={selectedEditable}
        canUndo={undoState.canUndo}
        canRedo={undoState.canRedo}
        onAddNote={() => addNote()}
        onEditNote={() => selected && selectedEditable && setEditingId(selected.id)}
        onPickColor={pickColor}
        onDelete={deleteSelected}
        onUndo={() => live.undo.undo()}
        onRedo={() => live.undo.redo()}
        onSummary={() => setSummaryOpen((o) => !o)}
        onImport={() => setImportOpen(true)}
      />
      <ZoomControls viewport={viewport} onZoomIn={() => zoomBy(1.25)} onZoomOut={() => zoomBy(0.8)} onFit={fitBoard} />

      <FacilitatorSession writing={writing} workshopId={workshop.id} token={token} user={user} viewport={viewport} notes={snapshot.notes} selected={selected} />

      {canEdit && <ImportDialog open={importOpen} onOpenChange={setImportOpen} writing={writing} session={session} role={user.role} newColor={newColor} maxNotes={workshop.maxNotes} />}

      {editing && (
        <NoteEditor
          key={editing.id}
          note={editing}
          viewport={viewport}
          onSave={(text) => saveText(editing.id, text)}
          onCancel={() => cancelEdit(editing.id)}
        />
      )}

      {/* Side panels. */}
      <div className="side-panels">
        {historyOpen && user.role === 'facilitator' && <HistoryPanel workshopId={workshop.id} token={token} onClose={() => setHistoryOpen(false)} />}
        {selected && (session.phase === 'discuss' || selected.comments.length > 0) && !writing.isPrivate && (
          <TakeawaysPanel key={selected.id} note={selected} board={live.conn.board.doc} control={live.conn.control.doc} session={session} role={user.role} participantId={user.id} onClose={() => setSelectedId(null)} />
        )}
        {summaryOpen && (
          <SummaryPanel workshopId={workshop.id} token={token} board={live.conn.board.doc} control={live.conn.control.doc} onClose={() => setSummaryOpen(false)} />
        )}
      </div>
    </div>
  );
}
