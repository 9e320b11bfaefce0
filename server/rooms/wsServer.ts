import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseRoomName } from '@shared/rooms';
import type { ServerDeps } from '../deps';
import { Connection } from './connection';
import { CLOSE } from './protocol';
import type { RoomManager } from './roomManager';
import { REMOVED } from '../auth/access';
import { FOREIGN_ORIGIN, isOriginAllowed } from '../http/origin';
import { SocketCounts } from './socketCounts';

export const SYNC_PREFIX = '/sync/';
const REFUSAL_LABELS: Record<number, string> = {
  [CLOSE.malformed]: 'malformed',
  [CLOSE.unauthorized]: 'unauthorized',
  [CLOSE.forbidden]: 'forbidden',
  [CLOSE.notFound]: 'not-found',
  [CLOSE.tooManySockets]: 'too-many-sockets',
};
const PING_MS = 30_000;
/** What a socket may send while its token is checked and its room loads. */
const MAX_EARLY_MESSAGES = 512;
const MAX_EARLY_BYTES = 8 * 1024 * 1024;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Accepts y-websocket connections at /sync/<room>?token=…, checks the token, then hands the socket to its room. */
export function attachSyncServer(http: Server, deps: ServerDeps, rooms: RoomManager): { close(): void } {
  const { config, log, tokens, data } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.MAX_FRAME_BYTES });
  const all = new Set<Connection>();
  const rejected = deps.metrics.counter('fourpaths_rejected_messages_total', 'Messages or writes refused, by reason');

  const sockets = new SocketCounts();
  const stopClosingRemoved = deps.access.onRemoved((_workshopId, participantId) => {
    for (const conn of all) if (conn.claims.participantId === participantId) conn.close(CLOSE.forbidden, REMOVED);
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const origin = req.headers.origin;
    if (!isOriginAllowed(typeof origin === 'string' ? origin : undefined, config)) {
      rejected({ reason: 'foreign-origin' });
      log.warn({ remote: req.socket.remoteAddress, origin: String(origin).slice(0, 200) }, 'upgrade refused: foreign origin');
      const body = JSON.stringify({ error: FOREIGN_ORIGIN });
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => void accept(ws, req, url));
  });

  async function accept(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    // Messages that arrive while the token is checked wait here, in order.
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    // Bounded, and never dropped quietly: a lost update would leave the client out of step for good.
    const buffer = (data: RawData) => {
      const bytes = toBytes(data);
      earlyBytes += bytes.byteLength;
      if (early.length >= MAX_EARLY_MESSAGES || earlyBytes > MAX_EARLY_BYTES) {
        rejected({ reason: 'rate-limited' });
        ws.close(CLOSE.rateLimited, 'too many messages before the room was ready');
        return;
      }
      early.push(bytes);
    };
    ws.on('message', buffer);
    const remote = req.socket.remoteAddress ?? 'unknown';
    ws.on('error', (err: Error & { code?: string }) => {
      // ws has already closed the socket with 1009; this is the place to tell the operator.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        rejected({ reason: 'frame-too-large' });
        log.warn({ remote, limit: config.MAX_FRAME_BYTES }, 'connection closed: frame over MAX_FRAME_BYTES');
      } else log.debug({ err: err.message }, 'socket error');
    });
    const refuse = (code: number, reason: string) => {
      rejected({ reason: REFUSAL_LABELS[code] ?? String(code) });
      log.warn({ remote, code, reason }, 'connection refused');
      ws.close(code, reason);
    };

    let roomName: string;
    try {
      roomName = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length));
    } catch {
      return refuse(CLOSE.malformed, 'bad room name');
    }
    const parsed = parseRoomName(roomName);
    if (!parsed) return refuse(CLOSE.notFound, 'unknown room');
    const claims = await tokens.verify(url.searchParams.get('token'));
    if (!claims) return refuse(CLOSE.unauthorized, 'missing or invalid token');
    if (claims.workshopId !== parsed.workshopId) return refuse(CLOSE.forbidden, 'token is for another workshop');
    if (parsed.kind === 'drafts' && parsed.participantId !== claims.participantId) {
      return refuse(CLOSE.forbidden, 'drafts are private to their writer');
    }
    let person: Awaited<ReturnType<typeof data.getParticipant>>;
    try {
      if (!(await data.getWorkshop(parsed.workshopId))) return refuse(CLOSE.notFound, 'unknown workshop');
      person = await data.getParticipant(claims.participantId);
    } catch (err) {
      log.warn({ err }, 'store unavailable while admitting a socket');
      return refuse(CLOSE.storeFailed, 'storage unavailable, reconnecting');
    }
    if (deps.access.isRemoved(claims.participantId)) return refuse(CLOSE.forbidden, REMOVED);
    if (ws.readyState !== ws.OPEN) return;
    const over = sockets.over(claims.participantId, roomName, config.MAX_SOCKETS_PER_TOKEN, config.MAX_SOCKETS_PER_TOKEN_PER_ROOM);
    if (over) return refuse(CLOSE.tooManySockets, over);
    ws.once('close', sockets.add(claims.participantId, roomName));

    const conn = new Connection(ws, claims, remote, config.MAX_MESSAGES_PER_SECOND, config.MAX_SEND_BUFFER_BYTES);
    conn.onTooSlow = (why, queuedBytes) => {
      rejected({ reason: 'too-slow' });
      log.warn({ room: roomName, participant: claims.participantId, remote, queuedBytes, why }, 'connection closed: too slow');
    };
    conn.person = person && person.workshopId === parsed.workshopId ? { id: person.id, name: person.name, role: claims.role } : null;
    let room: Awaited<ReturnType<RoomManager['open']>>;
    try {
      room = await rooms.open(roomName);
    } catch (err) {
      log.warn({ room: roomName, err }, 'room could not be loaded');
      return refuse(CLOSE.storeFailed, 'storage unavailable, reconnecting');
    }
    if (ws.readyState !== ws.OPEN || room.isBroken) return rooms.releaseIfIdle(room);
    // Removed while the store was asked: the removal closed every socket it knew of, not this one yet.
    if (deps.access.isRemoved(claims.participantId)) {
      refuse(CLOSE.forbidden, REMOVED);
      return rooms.releaseIfIdle(room);
    }
    all.add(conn);
    ws.off('message', buffer);
    const onMessage = (bytes: Uint8Array) => {
      // Once we are closing a socket, what it still sends is ignored (a flood would log every message).
      if (!conn.isOpen) return;
      if (!conn.takeMessageAllowance()) {
        deps.log.warn({ room: roomName, participant: claims.participantId, remote }, 'message rate exceeded');
        rejected({ reason: 'rate-limited' });
        conn.close(CLOSE.rateLimited, 'too many messages');
        return;
      }
      // A room with a connection stays loaded; one whose store failed has closed its connections.
      room.receive(conn, bytes);
    };
    ws.on('message', (data) => onMessage(toBytes(data)));
    ws.on('pong', () => (conn.alive = true));
    ws.on('close', () => {
      all.delete(conn);
      room.removeConnection(conn);
      rooms.releaseIfIdle(room);
    });
    room.addConnection(conn);
    for (const m of early) onMessage(m);
  }

  const pinger = setInterval(() => {
    for (const conn of all) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, PING_MS);
  pinger.unref();

  return {
    close() {
      stopClosingRemoved();
      clearInterval(pinger);
      for (const conn of all) conn.close(CLOSE.shuttingDown, 'server shutting down');
      wss.close();
    },
  };
}
