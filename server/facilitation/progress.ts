import type * as Y from 'yjs';
import { controlRoom } from '@shared/rooms';
import { readBoard } from '@shared/schema/board';
import { setDraftCount } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import type { ServerDeps } from '../deps';

/** Notes worth revealing: an empty note is one still being started. */
export function countReady(doc: Y.Doc): number {
  return readBoard(doc).notes.filter((n) => n.text.trim() !== '').length;
}

/** Publishes how many notes a participant has ready (the count only, never the text) in the control room. */
export function publishDraftCount(deps: ServerDeps, workshopId: string, participantId: string, drafts: number): Promise<void> {
  return deps.docs.transact(controlRoom(workshopId), (doc) => setDraftCount(doc, participantId, drafts, serverOrigin('progress')), 'progress');
}
