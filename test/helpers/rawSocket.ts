import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';

/** A bare protocol-level socket: sends bytes as given and records everything received. */
export interface RawClient {
  ws: WebSocket;
  received: Uint8Array[];
  open: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openRaw(wsUrl: string, room: string, token: string): RawClient {
  const ws = new WebSocket(`${wsUrl}/${room}?token=${encodeURIComponent(token)}`);
  ws.binaryType = 'nodebuffer';
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const open = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, received, open, closed };
}

/** The reason of a y-websocket "permission denied" message, or null for any other message. */
export function permissionDeniedReason(message: Uint8Array): string | null {
  const d = decoding.createDecoder(message);
  if (decoding.readVarUint(d) !== 2 || decoding.readVarUint(d) !== 0) return null;
  return decoding.readVarString(d);
}

/** Sync sub-messages of the y-websocket protocol, as a raw socket sends them. */
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

/** A sync message (step 1, step 2 or update) carrying the given payload, ready to send. */
export function syncFrame(sub: number, payload: Uint8Array): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return Buffer.from(encoding.toUint8Array(e));
}

/** Whether a received message is the given sync sub-message. */
export function isSync(message: Uint8Array, sub: number): boolean {
  const d = decoding.createDecoder(message);
  return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === sub;
}
