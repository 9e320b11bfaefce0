import type * as Y from 'yjs';
import { controlRoom, type RoomName } from '@shared/rooms';
import { CONTROL_KEYS, participantsOf, progressOf, readBoardLocked, readPhase, readTakeawaysOpen, sessionOf, votesOf } from '@shared/schema/control';
import { isSessionKey, sessionValueProblem } from '@shared/schema/sessionRules';
import { NOTES_KEY, notesOf } from '@shared/schema/board';
import { wordingOf, wordingValueProblem } from '@shared/schema/wording';
import type { LoadedDocs } from '../deps';
import type { Connection } from './connection';
import type { RoomPolicy } from './policy';
import { takeawayProblem } from './takeawayRules';
import { checkNoteRules, checkNotesTransaction, type BoardLimits } from './validateBoard';

const NOTES_ROOTS: ReadonlySet<string> = new Set([NOTES_KEY]);
const CONTROL_ROOTS: ReadonlySet<string> = new Set(CONTROL_KEYS);

/** Board: participants and facilitators write notes; viewers never; participants not while the board is locked. */
export function boardPolicy(room: RoomName, docs: LoadedDocs, limits: BoardLimits): RoomPolicy {
  return {
    roots: NOTES_ROOTS,
    prepare: (doc) => void notesOf(doc),
    writeDenied(conn) {
      if (conn.claims.role === 'viewer') return 'viewers cannot change the board';
      if (conn.claims.role === 'participant' && docs.readLoaded(controlRoom(room.workshopId), readBoardLocked)) {
        return 'the facilitator has locked the board';
      }
      return null;
    },
    validate(tr, doc, conn, context) {
      const result = checkNotesTransaction(tr, doc, limits, context);
      if ('problem' in result) return result.problem;
      const { participantId, role } = conn.claims;
      const session = () => docs.readLoaded(controlRoom(room.workshopId), (d) => ({ phase: readPhase(d), takeawaysOpen: readTakeawaysOpen(d) }));
      const refused = takeawayProblem(tr, doc, result.touched, { participantId, role }, session);
      return (
        checkNoteRules(tr, doc, result.touched, result.keyChanges, { participantId, privileged: role === 'facilitator', lockAllowed: true }) ??
        (refused ? { reason: refused, rule: true } : null)
      );
    },
  };
}

/** Control: only facilitators (and the server) write, only the session map, and only well-formed values. */
export function controlPolicy(): RoomPolicy {
  return {
    roots: CONTROL_ROOTS,
    prepare(doc) {
      sessionOf(doc);
      participantsOf(doc);
      votesOf(doc);
      progressOf(doc);
      wordingOf(doc);
    },
    writeDenied(conn: Connection) {
      return conn.claims.role === 'facilitator' ? null : 'only facilitators can change the session';
    },
    validate(tr: Y.Transaction, doc: Y.Doc) {
      const session = sessionOf(doc);
      const now = Date.now();
      const wording = wordingOf(doc);
      const invalid = (reason: string) => ({ reason, rule: false });
      for (const [type, keys] of tr.changed) {
        if ((type as unknown) === wording) {
          // Removing a key brings the standard wording back.
          for (const key of keys) {
            if (key === null || !wording.has(key)) continue;
            const problem = wordingValueProblem(key, wording.get(key));
            if (problem) return invalid(problem);
          }
          continue;
        }
        if ((type as unknown) !== session) return invalid('facilitators may change only the session settings');
        for (const key of keys) {
          if (!isSessionKey(key)) return invalid(`unknown session field "${String(key).slice(0, 40)}"`);
          if (!session.has(key)) return invalid(`session field "${key}" cannot be removed`);
          const problem = sessionValueProblem(key, session.get(key), now);
          if (problem) return invalid(problem);
        }
      }
      return null;
    },
  };
}

/** Drafts: only their owner writes, only during private writing, only notes in their own name (facilitators: anyone's). */
export function draftsPolicy(room: RoomName, docs: LoadedDocs, limits: BoardLimits): RoomPolicy {
  return {
    roots: NOTES_ROOTS,
    prepare: (doc) => void notesOf(doc),
    writeDenied(conn) {
      if (conn.claims.participantId !== room.participantId) return 'drafts belong to their writer';
      if (conn.claims.role === 'viewer') return 'viewers do not write notes';
      if (docs.readLoaded(controlRoom(room.workshopId), readPhase) !== 'collect') {
        return 'private writing has ended; your notes are on the board now';
      }
      return null;
    },
    validate(tr, doc, conn, context) {
      const result = checkNotesTransaction(tr, doc, limits, context);
      if ('problem' in result) return result.problem;
      // A facilitator may draft notes for people in the room who have no device.
      const privileged = conn.claims.role === 'facilitator';
      // Drafts are written during collect, so this refuses any takeaway in them.
      const refused = takeawayProblem(tr, doc, result.touched, conn.claims, () => ({ phase: 'collect', takeawaysOpen: false }));
      return (
        checkNoteRules(tr, doc, result.touched, result.keyChanges, { participantId: room.participantId!, privileged, lockAllowed: false }) ??
        (refused ? { reason: refused, rule: true } : null)
      );
    },
  };
}
