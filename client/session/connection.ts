import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { readAuthMessage } from 'y-protocols/auth';
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { boardRoom, controlRoom } from '@shared/rooms';
import { isPermanentRefusal, MSG_AUTH } from '@shared/protocol';
import { sendOwnAwarenessOnly } from './awarenessFilter';
import { tUi } from '../i18n';
import { addReconnectJitter } from './reconnectJitter';
import { ConnectionStatus, HEARTBEAT_MS, isStale, linkState } from './connectionStatus';

export interface RoomLink {
  name: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The offline cache; null where IndexedDB is unavailable. */
  cache: IndexeddbPersistence | null;
}

export interface WorkshopConnection {
  board: RoomLink;
  control: RoomLink;
  status: ConnectionStatus;
  /** Resolves once both offline caches have been read (or failed to), so the board shows what this device knew. */
  cacheLoaded: Promise<void>;
  /** Forgets this device's copy of the board (e.g. changes the server keeps refusing); reload afterwards. */
  discardLocalCopy(): Promise<void>;
  destroy(): void;
}

export function wsOriginOf(location: { origin: string }): string {
  return location.origin.replace(/^http/, 'ws');
}

/** The cache's store name: one per room, prefixed so it cannot clash with another app's store. */
export const cacheName = (room: string) => `four-paths:${room}`;

function openCache(name: string, doc: Y.Doc): IndexeddbPersistence | null {
  try {
    return typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(cacheName(name), doc);
  } catch {
    return null;
  }
}

function openRoom(name: string, token: string, wsOrigin: string, onDenied: (reason: string) => void, heartbeat = false): RoomLink {
  const doc = new Y.Doc();
  const cache = openCache(name, doc);
  // BroadcastChannel would let tabs of different roles in one browser bypass the server's checks.
  const provider = new WebsocketProvider(`${wsOrigin}/sync`, name, doc, {
    params: { token },
    disableBc: true,
    // Re-sending sync step 1 is the heartbeat: the server answers it, and the control room is small.
    resyncInterval: heartbeat ? HEARTBEAT_MS : -1,
    connect: false,
    shouldReconnect: (event) => !isPermanentRefusal(event.code),
  });
  provider.messageHandlers[MSG_AUTH] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    readAuthMessage(decoder, doc, (_doc: unknown, reason: string) => onDenied(reason));
  };
  addReconnectJitter(provider);
  return { name, doc, provider, cache };
}

/**
 * Opens a workshop's board and control rooms: a Y.Doc each, the offline cache behind it,
 * and a provider that sends only our own awareness. The control room carries no presence.
 */
export function connectWorkshop(workshopId: string, token: string, wsOrigin: string): WorkshopConnection {
  const status = new ConnectionStatus();
  const onDenied = (reason: string) => status.update({ denied: reason || tUi('api.refusedChange') });
  const board = openRoom(boardRoom(workshopId), token, wsOrigin, onDenied);
  const control = openRoom(controlRoom(workshopId), token, wsOrigin, onDenied, true);
  control.provider.awareness.setLocalState(null);

  let everConnected = false;
  let refusal: { code: number; reason: string } | null = null;
  let stale = false;
  let staleSince = 0;
  const rooms = [board, control];
  const recompute = () => {
    const allOpen = rooms.every((r) => r.provider.wsconnected);
    if (allOpen) everConnected = true;
    status.update({
      state: linkState({
        online: typeof navigator === 'undefined' || navigator.onLine !== false,
        allOpen,
        everConnected,
        failedAttempts: Math.max(...rooms.map((r) => r.provider.wsUnsuccessfulReconnects)),
        refusal,
        stale,
      }),
      synced: board.provider.synced && control.provider.synced,
      refusal,
    });
  };

  const unfilters = rooms.map((r) => sendOwnAwarenessOnly(r.provider));
  const onClosed = (event: { code: number; reason: string }) => {
    refusal = event;
    // One room refused means the token is no good for either; stop the other from retrying.
    for (const r of rooms) r.provider.disconnect();
    recompute();
  };
  for (const r of rooms) {
    r.provider.on('status', recompute);
    r.provider.on('sync', recompute);
    r.provider.on('connection-close', recompute);
    r.provider.on('connection-error', recompute);
    r.provider.on('closed', onClosed);
  }
  window.addEventListener('online', recompute);
  window.addEventListener('offline', recompute);
  const watchdog = setInterval(() => {
    const p = control.provider;
    const now = Date.now();
    if (!stale && isStale(p.wsconnected, p.wsLastMessageReceived, now)) {
      stale = true;
      staleSince = now;
      // Closing the dead sockets starts the usual reconnect, instead of waiting for the browser to notice.
      for (const r of rooms) r.provider.ws?.close();
      recompute();
    } else if (stale && p.wsconnected && p.wsLastMessageReceived > staleSince) {
      // Offline until the server is heard again, not merely until the dead socket finishes closing.
      stale = false;
      recompute();
    }
  }, 500);
  recompute();
  // Connect a moment later: React's development mode mounts, unmounts and remounts at once,
  // and a socket opened by the first mount would only be thrown away.
  const connectTimer = setTimeout(() => {
    for (const r of rooms) r.provider.connect();
  }, 0);

  const cacheLoaded = Promise.all(rooms.map((r) => (r.cache ? r.cache.whenSynced.catch(() => undefined) : undefined))).then(() => undefined);

  return {
    board,
    control,
    status,
    cacheLoaded,
    async discardLocalCopy() {
      for (const r of rooms) r.provider.disconnect();
      await Promise.all(rooms.map((r) => r.cache?.clearData().catch(() => undefined)));
    },
    destroy() {
      clearTimeout(connectTimer);
      clearInterval(watchdog);
      window.removeEventListener('online', recompute);
      window.removeEventListener('offline', recompute);
      // Tell the room we left rather than letting our cursor linger until it times out.
      board.provider.awareness.setLocalState(null);
      for (const u of unfilters) u();
      for (const r of rooms) {
        r.provider.destroy();
        void r.cache?.destroy();
        r.doc.destroy();
      }
    },
  };
}
