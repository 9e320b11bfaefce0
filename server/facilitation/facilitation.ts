import type * as Y from 'yjs';
import { controlRoom } from '@shared/rooms';
import { readSession, resetDone, writeVoteTotals } from '@shared/schema/control';
import type { Phase } from '@shared/schema/phases';
import { totalsVisible } from '@shared/schema/sessionRules';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';
import type { Room } from '../rooms/room';
import type { RoomManager } from '../rooms/roomManager';
import { AutoAdvance } from './autoAdvance';
import { countReady, publishDraftCount } from './progress';
import { revealDrafts } from './reveal';

export interface Facilitation {
  /** Writes the vote totals into the control room when they may be seen, and clears them when not. */
  publishTotals(workshopId: string): Promise<void>;
  close(): void;
}


/**
 * The server's side of running a workshop: it watches control rooms (phase changes reveal
 * drafts, reset "done" and publish vote totals; timers advance phases) and drafts rooms
 * (their note counts become progress).
 */
export function startFacilitation(deps: ServerDeps, rooms: RoomManager): Facilitation {
  const autoAdvance = new AutoAdvance(deps);
  const seen = new Map<string, { phase: Phase; visible: boolean }>();
  let closed = false;

  // Reactions run after the delivery that triggered them (never inside the store's flush), and a failure stays here.
  const later = (what: string, workshopId: string, fn: () => unknown) =>
    queueMicrotask(() => {
      if (closed) return;
      Promise.resolve()
        .then(fn)
        .catch((err: unknown) => {
          if (!closed) deps.log.error({ workshop: workshopId, err }, `${what} failed`);
        });
    });

  const publishTotals = async (workshopId: string) => {
    const totals = await deps.data.voteTotals(workshopId);
    // Visibility is read after the await, so a phase change meanwhile is not published over.
    const visible = await deps.docs.readDoc(controlRoom(workshopId), (d) => totalsVisible(readSession(d)));
    await deps.docs.transact(controlRoom(workshopId), (doc) => writeVoteTotals(doc, visible ? totals : new Map(), serverOrigin('votes')), 'votes');
  };
  const publishLater = (workshopId: string) =>
    void publishTotals(workshopId).catch((err: unknown) => {
      if (!closed) deps.log.error({ workshop: workshopId, err }, 'publishing vote totals failed');
    });


  /**
   * Reacts to the control document as it is now. `local`: the change was accepted here. What a
   * change sets off (reset "done", reveal, publish totals) runs on the instance that accepted it,
   * so once per change whichever instance the facilitator is on; every instance keeps its timers.
   */
  const controlChanged = async (workshopId: string, doc: Y.Doc, local: boolean) => {
    const session = readSession(doc);
    const before = seen.get(workshopId);
    const visible = totalsVisible(session);
    seen.set(workshopId, { phase: session.phase, visible });
    autoAdvance.update(workshopId, session);
    if (!local) return;
    if (before && before.phase !== session.phase) {
      await deps.docs.transact(controlRoom(workshopId), (d) => resetDone(d, serverOrigin('phase')), 'phase');
      if (session.phase !== 'collect') await revealDrafts(deps, rooms, workshopId);
    }
    if (!before || before.visible !== visible) publishLater(workshopId);
  };

  const watch = (room: Room) => {
    const { workshopId, kind, participantId } = room.parsed;
    if (kind === 'control') {
      room.observe((doc, local) => later('control change', workshopId, () => controlChanged(workshopId, doc, local)));
      // Also after a restart: finish a reveal that was interrupted, re-arm the timer, settle the totals.
      later('control load', workshopId, async () => {
        if (!(await deps.data.getWorkshop(workshopId))) return;
        const phase = await deps.docs.readDoc(room.name, (doc) => {
          if (!seen.has(workshopId)) void controlChanged(workshopId, doc, true);
          return readSession(doc).phase;
        });
        if (phase !== 'collect') await revealDrafts(deps, rooms, workshopId);
      });
    } else if (kind === 'drafts' && participantId) {
      let last = -1;
      const count = async (doc: Y.Doc) => {
        const n = countReady(doc);
        if (n === last) return;
        last = n;
        await publishDraftCount(deps, workshopId, participantId, n);
      };
      // Drafts are private to one person, so one instance writes them at a time; its count is the one published.
      room.observe((doc, local) => local && later('draft count', workshopId, () => count(doc)));
      later('draft count', workshopId, () => count(room.doc));
    }
  };
  rooms.onLoad.add(watch);

  return {
    publishTotals,
    close() {
      closed = true;
      rooms.onLoad.delete(watch);
      autoAdvance.close();
    },
  };
}
