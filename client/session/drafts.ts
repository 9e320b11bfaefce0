import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { draftsRoom } from '@shared/rooms';
import type { Phase } from '@shared/schema/phases';
import { BoardActions } from './boardActions';
import { isPermanentRefusal } from '@shared/protocol';
import { wsOriginOf } from './connection';
import type { LiveBoard } from './hooks';
import { NotesStore } from './notesStore';
import type { PresenceUser } from './presence';
import { BoardUndo } from './undo';

// Private writing: during "collect" new notes go to the writer's own drafts room, which only
// they (and the server) can open. The canvas then edits that room instead of the board.

interface DraftsRoom {
  doc: Y.Doc;
  provider: WebsocketProvider;
  notes: NotesStore;
  undo: BoardUndo;
  destroy(): void;
}

function openDrafts(workshopId: string, participantId: string, token: string): DraftsRoom {
  const doc = new Y.Doc();
  // No offline cache: drafts come back from the server, and stay off shared devices.
  const provider = new WebsocketProvider(`${wsOriginOf(window.location)}/sync`, draftsRoom(workshopId, participantId), doc, {
    params: { token },
    disableBc: true,
    shouldReconnect: (event) => !isPermanentRefusal(event.code),
  });
  // Nobody else is in this room, so there is no presence to share.
  provider.awareness.setLocalState(null);
  const notes = new NotesStore(doc);
  const undo = new BoardUndo(doc);
  return {
    doc,
    provider,
    notes,
    undo,
    destroy() {
      undo.destroy();
      notes.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}

const subscribeToNothing = () => () => undefined;

/**
 * The session's phase once it is known (null before): an empty control document would read as
 * "collect" and send the first notes of someone joining later to their drafts.
 */
function usePhase(live: LiveBoard | null): Phase | null {
  const control = live?.control;
  return useSyncExternalStore(control?.subscribe ?? subscribeToNothing, () => control?.get().knownPhase ?? null);
}

export interface WritingTarget {
  /** What the canvas shows and edits now: the board, or during collect the private drafts. */
  live: LiveBoard;
  /** True while notes go to the private drafts room. */
  isPrivate: boolean;
  /** Whose name new notes carry when a facilitator writes for someone in the room; null for oneself. */
  writeAs: string | null;
  setWriteAs(participantId: string | null): void;
}

/** Chooses where notes are written: the private drafts room during collect (not for viewers), else the board; null until the phase is known. */
export function useWritingTarget(live: LiveBoard | null, workshopId: string, token: string, user: PresenceUser): WritingTarget | null {
  const phase = usePhase(live);
  const collecting = phase === 'collect' && user.role !== 'viewer';
  const [drafts, setDrafts] = useState<DraftsRoom | null>(null);
  const [writeAs, setWriteAs] = useState<string | null>(null);
  const mayWriteForOthers = user.role === 'facilitator';

  useEffect(() => {
    if (!live || !collecting) return;
    const room = openDrafts(workshopId, user.id, token);
    setDrafts(room);
    return () => {
      setDrafts(null);
      room.destroy();
    };
  }, [live, collecting, workshopId, token, user.id]);

  const author = mayWriteForOthers && writeAs ? writeAs : user.id;
  // Our own actions for the drafts or for writing in someone else's name; the board's default ones belong to the live board.
  const ownActions = useMemo(() => {
    if (!live) return null;
    if (drafts) return new BoardActions(drafts.doc, drafts.undo, author);
    return author === user.id ? null : new BoardActions(live.conn.board.doc, live.undo, author);
  }, [live, drafts, author, user.id]);
  useEffect(() => () => ownActions?.destroy(), [ownActions]);

  const target = useMemo<LiveBoard | null>(() => {
    if (!live) return null;
    if (drafts && ownActions) return { ...live, notes: drafts.notes, undo: drafts.undo, actions: ownActions };
    return ownActions ? { ...live, actions: ownActions } : live;
  }, [live, drafts, ownActions]);

  return useMemo(
    () => (target && phase !== null ? { live: target, isPrivate: drafts !== null, writeAs: mayWriteForOthers ? writeAs : null, setWriteAs } : null),
    [target, phase, drafts, mayWriteForOthers, writeAs],
  );
}
