import * as encoding from 'lib0/encoding';

// y-websocket wire protocol: first varUint is the message type.
export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** WebSocket close codes; 4400–4499 tell the stock client not to reconnect. */
export const CLOSE = {
  malformed: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  tooLarge: 4413,
  invalidContent: 4422,
  rateLimited: 4429,
  /** The token already has as many sockets open as it may. */
  tooManySockets: 4429,
  storeFailed: 1011,
  /** "Try again later": a reader that fell too far behind may reconnect and catch up. */
  tooSlow: 1013,
  shuttingDown: 1001,
} as const;

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
  encoding.writeVarUint(e, 0);
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
