import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { BoardActions } from './boardActions';
import { connectWorkshop, wsOriginOf, type WorkshopConnection } from './connection';
import { ControlStore } from './controlStore';
import { NotesStore } from './notesStore';
import { LocalPresence, type PresenceUser } from './localPresence';
import { peopleIn, samePeople, type Person } from './presence';
import { BoardUndo } from './undo';

export interface LiveBoard {
  conn: WorkshopConnection;
  notes: NotesStore;
  /** The control room (session, people, votes, progress, wording) for every component. */
  control: ControlStore;
  undo: BoardUndo;
  actions: BoardActions;
  presence: LocalPresence;
}

/** Opens the workshop's rooms for as long as the board is on screen. */
export function useLiveBoard(workshopId: string, token: string, user: PresenceUser): LiveBoard | null {
  const [live, setLive] = useState<LiveBoard | null>(null);
  const { id: userId, name, color, role } = user;
  useEffect(() => {
    const conn = connectWorkshop(workshopId, token, wsOriginOf(window.location));
    const doc = conn.board.doc;
    const notes = new NotesStore(doc);
    const control = new ControlStore(conn.control.doc, conn.control.provider);
    const undo = new BoardUndo(doc);
    const actions = new BoardActions(doc, undo, userId);
    const presence = new LocalPresence(conn.board.provider.awareness, { id: userId, name, color, role });
    setLive({ conn, notes, control, undo, actions, presence });
    return () => {
      setLive(null);
      actions.destroy();
      presence.destroy();
      undo.destroy();
      notes.destroy();
      control.destroy();
      conn.destroy();
    };
  }, [workshopId, token, userId, name, color, role]);
  return live;
}

const PEOPLE_REFRESH_MS = 300;

/** Who is here, refreshed a few times a second at most: cursor traffic must not re-render the list. */
export function usePeople(awareness: Awareness, selfUserId: string): Person[] {
  const [people, setPeople] = useState<Person[]>(() => peopleIn(awareness.getStates(), awareness.clientID, selfUserId));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer = null;
      const next = peopleIn(awareness.getStates(), awareness.clientID, selfUserId);
      setPeople((prev) => (samePeople(prev, next) ? prev : next));
    };
    const onChange = () => {
      if (!timer) timer = setTimeout(refresh, PEOPLE_REFRESH_MS);
    };
    refresh();
    awareness.on('change', onChange);
    return () => {
      awareness.off('change', onChange);
      if (timer) clearTimeout(timer);
    };
  }, [awareness, selfUserId]);
  return people;
}
