// The y-websocket wire protocol as both sides speak it: the first varUint of a message is its
// type, a sync message's second is its step, and the server ends a socket with one of CLOSE.

export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_AUTH = 2;
export const MSG_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** The auth message's only kind: the server refused a write, and the socket stays open. */
export const AUTH_PERMISSION_DENIED = 0;

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

/** A close the client must not retry: a 44xx refusal, except being rate limited (slow down, then come back). */
export function isPermanentRefusal(code: number): boolean {
  return code >= 4400 && code < 4500 && code !== CLOSE.rateLimited;
}
