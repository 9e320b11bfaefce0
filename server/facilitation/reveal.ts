import * as Y from 'yjs';
import { boardRoom, parseRoomName } from '@shared/rooms';
import { createNote, deleteNotes, readBoard, type Note } from '@shared/schema/board';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import type { RoomManager } from '../rooms/roomManager';
import { revealPositions } from './revealLayout';

export interface Drafts {
  room: string;
  participantId: string;
  notes: Note[];
}

/** A room's notes as stored, without loading it (most drafts rooms are idle when the facilitator reveals). */
async function storedNotes(deps: ServerDeps, room: string): Promise<Note[]> {
  const { updates } = await deps.data.loadDoc(room);
  const doc = new Y.Doc();
  try {
    for (const u of updates) Y.applyUpdate(doc, u);
    return readBoard(doc).notes;
  } finally {
    doc.destroy();
  }
}

/** Every drafts room of a workshop that still holds notes, loaded or not. */
export async function pendingDrafts(deps: ServerDeps, rooms: RoomManager, workshopId: string): Promise<Drafts[]> {
  await deps.docs.flush();
  const prefix = `${workshopId}/drafts/`;
  const names = new Set(await deps.data.listRooms(prefix));
  for (const name of rooms.rooms.keys()) if (name.startsWith(prefix)) names.add(name);
  const out: Drafts[] = [];
  for (const room of names) {
    const parsed = parseRoomName(room);
    if (parsed?.kind !== 'drafts' || parsed.workshopId !== workshopId) continue;
    const notes = rooms.rooms.has(room) ? await deps.docs.readDoc(room, (d) => readBoard(d).notes) : await storedNotes(deps, room);
    if (notes.length > 0) out.push({ room, participantId: parsed.participantId!, notes });
  }
  return out;
}

/**
 * Moves the private notes onto the board in one board transaction (each keeps its id, so a
 * reveal interrupted before the drafts were cleared adds nothing twice), then removes them from
 * the drafts; empty ones are dropped, and those that do not fit under MAX_NOTES stay in the drafts.
 * Returns how many notes appeared on the board.
 */
export async function revealDrafts(deps: ServerDeps, rooms: RoomManager, workshopId: string): Promise<number> {
  const drafts = await pendingDrafts(deps, rooms, workshopId);
  if (drafts.length === 0) return 0;
  const people = await deps.data.listParticipants(workshopId);
  const joinOrder = new Map(people.map((p, i) => [p.id, i]));
  const facilitators = new Set(people.filter((p) => p.role === 'facilitator').map((p) => p.id));
  drafts.sort((a, b) => (joinOrder.get(a.participantId) ?? Infinity) - (joinOrder.get(b.participantId) ?? Infinity) || (a.room < b.room ? -1 : 1));
  const origin = serverOrigin('reveal');
  let revealed = 0;
  // Drafts that do not fit under MAX_NOTES stay with their writers; everything else leaves the drafts.
  let keptBack = new Set<string>();
  await deps.docs.transact(
    boardRoom(workshopId),
    (doc) => {
      const board = readBoard(doc).notes;
      const onBoard = new Set(board.map((n) => n.id));
      const incoming = drafts.flatMap((d) => {
        const keepsAuthors = facilitators.has(d.participantId);
        return d.notes.filter((n) => n.text.trim() !== '' && !onBoard.has(n.id)).map((n) => ({ ...n, authorId: keepsAuthors ? n.authorId : d.participantId }));
      });
      // The board's note limit holds for the reveal too: what does not fit stays in its writer's drafts.
      const room = Math.max(0, deps.config.MAX_NOTES - board.length);
      keptBack = new Set(incoming.splice(room).map((n) => n.id));
      const positions = revealPositions(incoming, board);
      incoming.forEach((n, i) => {
        const p = positions[i]!;
        createNote(doc, { id: n.id, text: n.text, x: p.x, y: p.y, color: n.color, authorId: n.authorId, createdAt: n.createdAt }, origin);
      });
      revealed = incoming.length;
    },
    'reveal',
  );
  for (const d of drafts) {
    const gone = d.notes.filter((n) => !keptBack.has(n.id)).map((n) => n.id);
    await deps.docs.transact(d.room, (doc) => deleteNotes(doc, gone, origin), 'reveal');
  }
  if (keptBack.size > 0) deps.log.warn({ workshop: workshopId, kept: keptBack.size, limit: deps.config.MAX_NOTES }, 'board full: drafts kept back at the reveal');
  deps.log.info({ workshop: workshopId, notes: revealed, writers: drafts.length }, 'drafts revealed');
  return revealed;
}
