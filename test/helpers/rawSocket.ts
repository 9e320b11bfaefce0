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
