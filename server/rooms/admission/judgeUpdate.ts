import * as Y from 'yjs';
import type { Claims } from '../../auth/claims';
import type { RoomPolicy } from '../policy';
import type { Connection } from '../connection';
import type { ClientIds } from './clientIds';
import { inspectUpdate } from './inspectUpdate';

/** A document may pass its size limit by this much, and only through moves and deletions. */
export const SIZE_HEADROOM = 1.25;

export type Judgement =
  /** Apply it on trial; `fresh` client ids get bound to the writer once it is admitted. */
  | { kind: 'trial'; fresh: number[]; overSizeLimit: boolean }
  /** Nothing new in it: nothing to do. */
  | { kind: 'nothing' }
  /** The rules refuse it: permission denied, the socket stays. */
  | { kind: 'deny'; reason: string; label: string }
  /** It builds on history the server lacks: ask the client for it. */
  | { kind: 'resync'; reason: string }
  /** Not something an honest client sends. */
  | { kind: 'malformed'; reason: string; undecodable?: true };

export interface SizeState {
  bytes: number;
  maxBytes: number;
}

/** Whether an update carries structs the document does not have yet (deletions alone are ignored). */
export function hasNewContent(update: Uint8Array, doc: Y.Doc): boolean {
  try {
    // parseUpdateMeta's `to` covers updates that start mid-history, unlike encodeStateVectorFromUpdate.
    const { to } = Y.parseUpdateMeta(update);
    for (const [client, clock] of to) if (clock > Y.getState(doc.store, client)) return true;
    return false;
  } catch {
    return true;
  }
}

/**
 * Everything the server can decide about a client's update before applying any of it:
 * the writer's role, whether all of it is understood and complete, whose client ids it
 * writes under, and the document's size. Content rules need the trial apply that follows.
 */
export function judgeUpdate(update: Uint8Array, doc: Y.Doc, conn: Connection, policy: RoomPolicy, clientIds: ClientIds, size: SizeState): Judgement {
  const claims: Claims = conn.claims;
  const denied = policy.writeDenied(conn);
  if (denied) return hasNewContent(update, doc) ? { kind: 'deny', reason: denied, label: 'forbidden-write' } : { kind: 'nothing' };
  const inspection = inspectUpdate(update, doc, policy.roots);
  if (inspection.kind === 'malformed') return inspection;
  if (inspection.kind === 'incomplete') return { kind: 'resync', reason: inspection.reason };
  const claim = clientIds.check(inspection.writers, claims.participantId, (id) => Y.getState(doc.store, id) > 0);
  if (!claim.ok) return { kind: 'deny', reason: claim.reason, label: 'foreign-client-id' };
  const after = size.bytes + update.byteLength;
  if (after > size.maxBytes * SIZE_HEADROOM) {
    return { kind: 'deny', reason: 'this board has reached its size limit', label: 'document-full' };
  }
  return { kind: 'trial', fresh: claim.fresh, overSizeLimit: after > size.maxBytes };
}
