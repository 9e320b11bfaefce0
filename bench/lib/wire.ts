import { MSG_AWARENESS, MSG_SYNC, SYNC_STEP2, SYNC_UPDATE, encodeAwareness, encodeSyncStep1 } from '../../server/rooms/protocol';

// The y-websocket wire format, just enough for a light client that sends cursors and counts what it receives.

/** Sync step 1 from a client that has nothing yet: "send me everything". */
export const emptySyncStep1 = (): Uint8Array => encodeSyncStep1(new Uint8Array([0]));

export function awarenessMessage(clientId: number, clock: number, json: string): Uint8Array {
  return encodeAwareness([{ clientId, clock, state: new TextEncoder().encode(json) }]);
}

export type Received =
  | { kind: 'update' }
  | { kind: 'synced' }
  | { kind: 'awareness' }
  | { kind: 'other' };

/** Reads one varUint at pos; returns [value, next position]. */
function varUint(buf: Uint8Array, pos: number): [number, number] {
  let num = 0;
  let mult = 1;
  for (;;) {
    const byte = buf[pos++]!;
    num += (byte & 0x7f) * mult;
    if (byte < 0x80) return [num, pos];
    mult *= 128;
    if (pos > buf.length) throw new Error('truncated varUint');
  }
}

/**
 * Classifies a received message without decoding document content; for awareness, calls
 * onEntry for every state with its raw JSON bytes' position, leaving the text undecoded.
 */
export function scan(buf: Uint8Array, onEntry: (clientId: number, clock: number, jsonStart: number, jsonEnd: number) => void): Received {
  let [type, pos] = varUint(buf, 0);
  if (type === MSG_SYNC) {
    const [sub] = varUint(buf, pos);
    if (sub === SYNC_UPDATE) return { kind: 'update' };
    if (sub === SYNC_STEP2) return { kind: 'synced' };
    return { kind: 'other' };
  }
  if (type !== MSG_AWARENESS) return { kind: 'other' };
  [, pos] = varUint(buf, pos); // payload length
  let count: number;
  [count, pos] = varUint(buf, pos);
  for (let i = 0; i < count; i++) {
    let clientId: number;
    let clock: number;
    let len: number;
    [clientId, pos] = varUint(buf, pos);
    [clock, pos] = varUint(buf, pos);
    [len, pos] = varUint(buf, pos);
    onEntry(clientId, clock, pos, pos + len);
    pos += len;
  }
  return { kind: 'awareness' };
}

const decoder = new TextDecoder();
const T_FIELD = /"t":([0-9.]+)/;

/** The send time a bench cursor carries in its state, or null. */
export function sentAt(buf: Uint8Array, start: number, end: number): number | null {
  const m = T_FIELD.exec(decoder.decode(buf.subarray(start, end)));
  return m ? Number(m[1]) : null;
}
