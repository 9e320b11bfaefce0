import * as encoding from 'lib0/encoding';
import { AUTH_PERMISSION_DENIED, MSG_AUTH, MSG_AWARENESS, MSG_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '@shared/protocol';

// The server's encoders for the wire protocol; its numbers and close codes are shared/protocol.ts.

export { CLOSE, MSG_AUTH, MSG_AWARENESS, MSG_QUERY_AWARENESS, MSG_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '@shared/protocol';

function encodeSync(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(SYNC_STEP1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(SYNC_STEP2, update);
export const encodeUpdate = (update: Uint8Array) => encodeSync(SYNC_UPDATE, update);

/** The auth sub-protocol's "permission denied" message, which the stock client reports without reconnecting. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_AUTH);
  encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
  encoding.writeVarString(e, reason);
  return encoding.toUint8Array(e);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state's JSON text as UTF-8 bytes, forwarded as received. */
  state: Uint8Array;
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const a of entries) {
    encoding.writeVarUint(inner, a.clientId);
    encoding.writeVarUint(inner, a.clock);
    // Same bytes as writeVarString of the decoded text: length, then UTF-8.
    encoding.writeVarUint8Array(inner, a.state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** An awareness message listing no one: changes nothing for the receiver, but counts as traffic. */
export const AWARENESS_KEEPALIVE = encodeAwareness([]);
