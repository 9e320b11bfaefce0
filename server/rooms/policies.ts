import type * as Y from 'yjs';
import { controlRoom, type RoomName } from '@shared/rooms';
import { participantsOf, progressOf, readSession, sessionOf, votesOf } from '@shared/schema/control';
import { notesOf } from '@shared/schema/board';
import type { DocAccess } from '../deps';
import type { Connection } from './connection';
import type { RoomPolicy } from './policy';
import { checkNotesTransaction, type BoardLimits } from './validateBoard';

const SESSION_KEYS = new Set(['phase', 'locked', 'timer', 'voting', 'presenterId', 'spotlightNoteId', 'follow']);

/** Board: participants and facilitators write notes; viewers never; participants not while the board is locked. */
export function boardPolicy(room: RoomName, docs: DocAccess, limits: BoardLimits): RoomPolicy {
  return {
    prepare: (doc) => void notesOf(doc),
    writeDenied(conn) {
      if (conn.claims.role === 'viewer') return 'viewers cannot change the board';
      if (conn.claims.role === 'participant' && docs.readDoc(controlRoom(room.workshopId), (d) => readSession(d).locked)) {
        return 'the facilitator has locked the board';
      }
      return null;
    },
    validate(tr, doc) {
      const result = checkNotesTransaction(tr, doc, limits);
      return 'problem' in result ? result.problem : null;
    },
  };
}

/** Control: only facilitators (and the server) write, and only the session map. */
export function controlPolicy(): RoomPolicy {
  return {
    prepare(doc) {
      sessionOf(doc);
      participantsOf(doc);
      votesOf(doc);
      progressOf(doc);
    },
    writeDenied(conn: Connection) {
      return conn.claims.role === 'facilitator' ? null : 'only facilitators can change the session';
    },
    validate(tr: Y.Transaction, doc: Y.Doc) {
      const session = sessionOf(doc);
      for (const [type, keys] of tr.changed) {
        if ((type as unknown) !== session) return 'facilitators may change only the session settings';
        for (const key of keys) if (key === null || !SESSION_KEYS.has(key)) return `unknown session field "${key}"`;
      }
      return null;
    },
  };
}

/** Drafts: only their owner writes (the connection check at upgrade already refuses anyone else). */
export function draftsPolicy(room: RoomName, limits: BoardLimits): RoomPolicy {
  return {
    prepare: (doc) => void notesOf(doc),
    writeDenied(conn) {
      return conn.claims.participantId === room.participantId ? null : 'drafts belong to their writer';
    },
    validate(tr, doc) {
      const result = checkNotesTransaction(tr, doc, limits);
      return 'problem' in result ? result.problem : null;
    },
  };
}
