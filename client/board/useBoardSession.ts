import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ColorKey } from '@shared/palette';
import type { Participant } from '@shared/schema/control';
import type { Wording } from '@shared/schema/wording';
import type { WorkshopInfo } from '../api/workshops';
import { viewportCenter } from '../canvas/geometry';
import { ViewportStore } from '../canvas/viewportStore';
import type { BoardCommands } from '../session/boardCommands';
import type { WritingTarget } from '../session/drafts';
import type { LiveBoard } from '../session/hooks';
import type { NoteVotes } from '../session/noteLabel';
import type { NotesSnapshot } from '../session/notesStore';
import type { Person, PresenceUser } from '../session/presence';
import { SelectionStore } from '../session/selectionStore';
import { serverClock } from '../session/serverClock';
import { loadNoteColor, saveNoteColor } from '../session/storage';
import { useAnnouncements } from '../session/useAnnouncements';
import type { ViewCommands } from '../session/useViewCommands';
import { useWording } from '../session/useWording';
import { useBoardAccess, type BoardAccess } from './useBoardAccess';
import { useBoardCommands } from './useBoardCommands';
import { useBoardPeople } from './useBoardPeople';
import { useNoteVotes } from './useNoteVotes';
import { useSelectedNote, type SelectedNote } from './useSelectedNote';

/** One open board as the page's pieces see it: its stores and commands, and what they show now. */
export interface BoardSession {
  workshop: WorkshopInfo;
  token: string;
  user: PresenceUser;
  /** What the canvas shows and edits now (during private writing, one's drafts). */
  live: LiveBoard;
  writing: WritingTarget;
  viewport: ViewportStore;
  selection: SelectionStore;
  commands: BoardCommands;
  view: ViewCommands;
  snapshot: NotesSnapshot;
  undo: { canUndo: boolean; canRedo: boolean };
  access: BoardAccess;
  note: SelectedNote;
  participants: readonly Participant[];
  /** Who is here now, namesakes told apart as everywhere else. */
  people: Array<Person & { joinedAt: number }>;
  /** The workshop's own names for the paths and axes, for every view and every announcement. */
  wording: Wording;
  authorOf: (participantId: string) => string | null;
  votesOf: (noteId: string) => NoteVotes;
  /** The colour the next note gets. */
  newColor: ColorKey;
  /** Sets the colour for new notes and, when I may change it, the selected note's. */
  pickColor: (color: ColorKey) => void;
  deleteSelected: () => void;
}

/** Builds the board page's session objects (viewport, selection, commands) once per board, and reads what they show. */
export function useBoardSession(live: LiveBoard, writing: WritingTarget, workshop: WorkshopInfo, token: string, user: PresenceUser): BoardSession {
  const viewport = useMemo(() => new ViewportStore(), []);
  const selection = useMemo(() => new SelectionStore(), []);
  const snapshot = useSyncExternalStore(live.notes.subscribe, live.notes.get);
  const undo = useSyncExternalStore(live.undo.subscribe, live.undo.get);
  const access = useBoardAccess(live, writing, user, workshop.id, token);
  const { session, canEdit, votingOpen, voting } = access;
  const wording = useWording(live.control);
  const { participants, people, authorOf } = useBoardPeople(live, user, session.anonymous);
  const votesOf = useNoteVotes(live.control, session, votingOpen, voting);
  const note = useSelectedNote(selection, live.notes, snapshot, canEdit, user);
  const [newColor, setNewColor] = useState<ColorKey>(loadNoteColor);

  useAnnouncements(session, votingOpen ? (voting.mine?.remaining ?? null) : null, live.conn.board.doc, serverClock, wording);
  const { commands, view } = useBoardCommands(live, selection, viewport, user, {
    canEdit,
    newColor,
    voting: votingOpen ? voting : null,
    severalPerNote: session.voting.severalPerNote,
    wording,
  });

  // Share where we are looking, for a later "follow the presenter".
  useEffect(
    () => viewport.subscribe(() => live.presence.setViewport(viewportCenter(viewport.get(), viewport.getSize()))),
    [live, viewport],
  );

  const { selected, editable, deletable } = note;
  const deleteSelected = useCallback(() => {
    if (selected && deletable) commands.deleteNote(selected.id);
  }, [commands, selected, deletable]);
  const pickColor = useCallback(
    (color: ColorKey) => {
      setNewColor(color);
      saveNoteColor(color);
      if (selected && editable) commands.setColor(selected.id, color);
    },
    [commands, selected, editable],
  );

  return {
    workshop,
    token,
    user,
    live,
    writing,
    viewport,
    selection,
    commands,
    view,
    snapshot,
    undo,
    access,
    note,
    participants,
    people,
    wording,
    authorOf,
    votesOf,
    newColor,
    pickColor,
    deleteSelected,
  };
}
