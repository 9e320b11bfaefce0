import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { personColor, type ColorKey } from '@shared/palette';
import { mayWriteBoard } from '@shared/roles';
import { Board, type BoardHandlers } from './canvas/Board';
import { noteAt, viewportCenter } from './canvas/geometry';
import { ViewportStore } from './canvas/viewportStore';
import { NoteEditor } from './panels/NoteEditor';
import { StatusBanners } from './panels/StatusBanners';
import { SummaryPanel } from './panels/SummaryPanel';
import { HistoryPanel } from './panels/HistoryPanel';
import { Toolbar } from './panels/Toolbar';
import { TopBar } from './panels/TopBar';
import { InviteDialog } from './panels/InviteDialog';
import { PresentMode } from './panels/PresentMode';
import { ParkingHint } from './panels/ParkingHint';
import { totalsVisible } from '@shared/schema/sessionRules';
import { AuthorTag } from './panels/AuthorTag';
import { tUi, useT } from './i18n';
import { shortText } from './session/noteLabel';
import { withDistinctNames } from './session/distinctNames';
import { ZoomControls } from './panels/ZoomControls';
import type { WorkshopInfo } from './api/workshops';
import { useLiveBoard, usePeople, type LiveBoard } from './session/hooks';
import type { PresenceUser } from './session/presence';
import { loadNoteColor, saveNoteColor } from './session/storage';
import { installTestApi } from './session/testApi';
import { FacilitatorSession } from './panels/FacilitatorSession';
import { ImportDialog } from './panels/ImportDialog';
import { TakeawaysPanel } from './panels/TakeawaysPanel';
import { useWritingTarget, type WritingTarget } from './session/drafts';
import { Announcer } from './panels/Announcer';
import { ListView } from './panels/ListView';
import { NoteFocusTargets } from './panels/NoteFocusTargets';
import { BoardCommands, type CommandContext } from './session/boardCommands';
import type { NoteVotes } from './session/noteLabel';
import { SelectionStore } from './session/selectionStore';
import { serverClock } from './session/serverClock';
import { useAnnouncements } from './session/useAnnouncements';
import { useBoardKeyboard } from './session/useBoardKeyboard';
import { useControl } from './session/useControl';
import { useMyVotes } from './session/useControlVotes';
import { useViewCommands } from './session/useViewCommands';
import { useWording } from './session/useWording';
import { limitsStore } from './session/limits';

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

function BoardView({ live, writing, workshop, token, user, onRejoin }: BoardViewProps) {
  const viewport = useMemo(() => new ViewportStore(), []);
  const selection = useMemo(() => new SelectionStore(), []);
  const snapshot = useSyncExternalStore(live.notes.subscribe, live.notes.get);
  const status = useSyncExternalStore(live.conn.status.subscribe, live.conn.status.get);
  const undoState = useSyncExternalStore(live.undo.subscribe, live.undo.get);
  const { selectedId, editingId, focused } = useSyncExternalStore(selection.subscribe, selection.get);
  const session = useControl(live.control, (s) => s.session);
  const totals = useControl(live.control, (s) => s.votes);
  const participants = useControl(live.control, (s) => s.participants);
  const wording = useWording(live.control);
  const awareness = live.conn.board.provider.awareness;
  const present = usePeople(awareness, user.id);
  // Namesakes get the same "Ana (2)" everywhere: the control room's names first, then by join time among the rest.
  const people = useMemo(() => {
    const known = new Map(participants.map((p) => [p.id, p]));
    return withDistinctNames(present.map((p) => ({ ...p, name: known.get(p.id)?.name ?? p.name, joinedAt: known.get(p.id)?.joinedAt ?? Number.MAX_SAFE_INTEGER })));
  }, [present, participants]);
  // Who wrote a note, unless the facilitator made notes anonymous.
  const authorOf = useMemo(() => {
    const names = new Map(participants.map((p) => [p.id, p.name]));
    return (id: string): string | null => (session.anonymous ? null : (names.get(id) ?? null));
  }, [session.anonymous, participants]);

  const [newColor, setNewColor] = useState<ColorKey>(loadNoteColor);
  // The note under the mouse, whose author shows when no note is selected.
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  // On a phone held upright the list is the natural view; the canvas is one tap away (List, or Close list).
  const [listOpen, setListOpen] = useState(() => window.matchMedia('(max-width: 640px) and (orientation: portrait)').matches);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const closeInvite = useCallback(() => setInviteOpen(false), []);
  const leavePresent = useCallback(() => setPresenting(false), []);
  const [importOpen, setImportOpen] = useState(false);
  // Reaching the last phase opens the summary for everyone: it is what the group takes home.
  const reachedDone = session.phase === 'done';
  useEffect(() => {
    if (reachedDone) setSummaryOpen(true);
  }, [reachedDone]);

  const lockedForMe = session.locked && user.role !== 'facilitator';
  const canEdit = mayWriteBoard(user.role) && !lockedForMe && status.state !== 'refused';
  const votingOpen = session.phase === 'vote' && user.role !== 'viewer';
  const voting = useMyVotes(workshop.id, token, votingOpen, writing.writeAs, session.voting.perParticipant);
  const selected = selectedId ? snapshot.byId.get(selectedId) : undefined;
  const editing = editingId && canEdit ? snapshot.byId.get(editingId) : undefined;
  const selectedEditable = !!selected && canEdit && !selected.locked;
  const tagged = (selected && (canEdit || focused) ? selected : undefined) ?? (hoveredId ? snapshot.byId.get(hoveredId) : undefined);
  useAnnouncements(session, votingOpen ? (voting.mine?.remaining ?? null) : null, live.conn.board.doc, serverClock, wording);
  // The server lets participants delete only their own notes; facilitators delete any, after a warning.
  const selectedDeletable = selectedEditable && (user.role === 'facilitator' || selected.authorId === user.id);

  // Forget a selection whose note is gone (deleted here or by someone else).
  useEffect(() => {
    if (selectedId && !snapshot.byId.has(selectedId)) selection.forget(selectedId);
  }, [selectedId, snapshot, selection]);

  const view = useViewCommands(viewport, live.notes);
  const { zoomBy, fitBoard } = view;

  const context = useRef<CommandContext | null>(null);
  context.current = {
    canEdit,
    newColor,
    voting: votingOpen ? voting : null,
    severalPerNote: session.voting.severalPerNote,
    wording,
    mayDelete: (note) => {
      if (user.role === 'facilitator') return note.authorId === user.id || window.confirm(tUi('note.confirmDeleteOthers', { note: shortText(note.text) }));
      return note.authorId === user.id;
    },
    ...view,
  };
  const commands = useMemo(() => new BoardCommands(live, selection, viewport, () => context.current!), [live, selection, viewport]);
  useBoardKeyboard(commands);

  // The canvas narrows or widens with the list: show the whole board again once it has.
  const listShown = useRef(listOpen);
  useEffect(() => {
    if (listShown.current === listOpen) return;
    listShown.current = listOpen;
    const frame = requestAnimationFrame(fitBoard);
    return () => cancelAnimationFrame(frame);
  }, [listOpen, fitBoard]);

  // After editing with the keyboard, focus goes back to the note, not to the page.
  const lastEditing = useRef<string | null>(null);
  useEffect(() => {
    const was = lastEditing.current;
    lastEditing.current = editingId;
    if (!was || editingId) return;
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if ((!active || active === document.body) && live.notes.get().byId.has(was)) selection.focus(was);
    });
    return () => cancelAnimationFrame(frame);
  }, [editingId, live, selection]);

  const deleteSelected = useCallback(() => {
    if (selected && selectedDeletable) commands.deleteNote(selected.id);
  }, [commands, selected, selectedDeletable]);

  const pickColor = useCallback(
    (color: ColorKey) => {
      setNewColor(color);
      saveNoteColor(color);
      if (selected && selectedEditable) commands.setColor(selected.id, color);
    },
    [commands, selected, selectedEditable],
  );

  const votesOf = useCallback(
    (id: string): NoteVotes => ({
      // While voting, totals stay hidden unless the facilitator shows them.
      total: totalsVisible(session) ? (totals.get(id) ?? 0) : null,
      mine: votingOpen && voting.mine ? (voting.mine.notes[id] ?? 0) : null,
    }),
    [session, totals, votingOpen, voting.mine],
  );

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
        setHoveredId(p ? (noteAt(live.notes.get().notes, p)?.id ?? null) : null);
        // A viewer (often the projector) has no pointer worth showing to the room.
        if (user.role !== 'viewer') live.presence.setCursor(p);
      },
    }),
    [commands, live, selection, user.role],
  );

  // Share where we are looking, for a later "follow the presenter".
  useEffect(
    () => viewport.subscribe(() => live.presence.setViewport(viewportCenter(viewport.get(), viewport.getSize()))),
    [live, viewport],
  );

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
    <div className={`board-page board-page--${user.role}${listOpen ? ' board-page--with-list' : ''}`}>
      <Announcer />
      <Board
        snapshot={snapshot}
        viewport={viewport}
        awareness={awareness}
        canEdit={canEdit}
        selectedId={canEdit || focused ? selectedId : null}
        focusedId={focused ? selectedId : null}
        editingId={editing ? editing.id : null}
        handlers={handlers}
        wording={wording}
      />

      <TopBar
        title={workshop.title}
        role={user.role}
        people={people}
        connection={status.state}
        historyOpen={historyOpen}
        onToggleHistory={() => setHistoryOpen((o) => !o)}
      />

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
        canDelete={selectedDeletable}
        canUndo={undoState.canUndo}
        canRedo={undoState.canRedo}
        onAddNote={() => commands.addNote()}
        onEditNote={() => selected && commands.edit(selected.id)}
        onPickColor={pickColor}
        onDelete={deleteSelected}
        onUndo={() => live.undo.undo()}
        onRedo={() => live.undo.redo()}
        onSummary={() => setSummaryOpen((o) => !o)}
        listOpen={listOpen}
        onToggleList={() => setListOpen((o) => !o)}
        onInvite={user.role === 'facilitator' ? () => setInviteOpen(true) : undefined}
        onPresent={user.role !== 'participant' ? () => setPresenting(true) : undefined}
        onImport={() => setImportOpen(true)}
      />
      <NoteFocusTargets notes={snapshot.notes} selection={selection} commands={commands} votesOf={votesOf} canEdit={canEdit} authorOf={authorOf} wording={wording} />
      {inviteOpen && <InviteDialog workshopId={workshop.id} token={token} onClose={closeInvite} />}
      {presenting && <PresentMode notes={snapshot.notes} control={live.control} awareness={awareness} onLeave={leavePresent} />}
      {!editing && <AuthorTag note={tagged} author={tagged ? authorOf(tagged.authorId) : null} viewport={viewport} />}
      <ParkingHint notes={snapshot.notes} viewport={viewport} />
      <ZoomControls viewport={viewport} onZoomIn={() => zoomBy(1.25)} onZoomOut={() => zoomBy(0.8)} onFit={fitBoard} />

      <FacilitatorSession writing={writing} workshopId={workshop.id} token={token} user={user} viewport={viewport} notes={snapshot.notes} selected={selected} voting={voting} />

      {canEdit && <ImportDialog open={importOpen} onOpenChange={setImportOpen} writing={writing} session={session} role={user.role} newColor={newColor} />}

      {editing && (
        <NoteEditor
          key={editing.id}
          note={editing}
          viewport={viewport}
          onSave={(text) => commands.saveText(editing.id, text)}
          onCancel={() => commands.cancelEdit(editing.id)}
        />
      )}

      {listOpen && (
        <ListView
          notes={snapshot.notes}
          commands={commands}
          votesOf={votesOf}
          voting={votingOpen ? voting : null}
          severalPerNote={session.voting.severalPerNote}
          authorOf={authorOf}
          wording={wording}
          onClose={() => setListOpen(false)}
        />
      )}

      {/* Side panels. */}
      <div className="side-panels">
        {historyOpen && user.role === 'facilitator' && <HistoryPanel workshopId={workshop.id} token={token} onClose={() => setHistoryOpen(false)} />}
        {selected && (session.phase === 'discuss' || selected.comments.length > 0) && !writing.isPrivate && (
          <TakeawaysPanel key={selected.id} note={selected} board={live.conn.board.doc} control={live.conn.control.doc} session={session} participants={participants} role={user.role} participantId={user.id} onClose={() => selection.forget(selected.id)} />
        )}
        {summaryOpen && (
          <SummaryPanel workshopId={workshop.id} token={token} board={live.conn.board.doc} control={live.control} onClose={() => setSummaryOpen(false)} />
        )}
      </div>
    </div>
  );
}
