import * as Y from 'yjs';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';

export interface RoomClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>;
  /** Every "permission denied" reason the server sent, in order. */
  denied: string[];
  /** Resolves with the close event when the server closes the socket for good. */
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

// Each Node-side provider registers a process 'exit' listener; tests open hundreds of them on purpose.
process.setMaxListeners(Math.max(process.getMaxListeners(), 500));

/** A real y-websocket client over a real socket (BroadcastChannel off so only the server can sync it). */
export function connectRoom(server: { wsUrl: string }, room: string, token: string, doc = new Y.Doc()): RoomClient {
  const provider = new WebsocketProvider(server.wsUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const denied: string[] = [];
  const handlers = (provider as unknown as { messageHandlers: Array<(e: unknown, d: decoding.Decoder) => void> }).messageHandlers;
  handlers[2] = (_e, d) => {
    if (decoding.readVarUint(d) === 0) denied.push(decoding.readVarString(d));
  };
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('connection-close', (event) => {
      if (event && event.code >= 4000) resolve({ code: event.code, reason: String(event.reason) });
    });
  });
  return {
    doc,
    provider,
    synced,
    denied,
    closed,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until the predicate holds, polling; fails with the message after the timeout. */
export async function until(predicate: () => boolean | Promise<boolean>, message = 'condition', timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
