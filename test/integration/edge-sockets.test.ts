import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { until } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_SOCKETS_PER_TOKEN: '12', MAX_SOCKETS_PER_TOKEN_PER_ROOM: '8' } });
});
afterAll(() => server.close());

const opened: RawClient[] = [];
afterAll(() => {
  for (const s of opened) s.ws.terminate();
});

function open(room: string, token: string): RawClient {
  const s = openRaw(server.wsUrl, room, token);
  s.open.catch(() => undefined);
  opened.push(s);
  return s;
}

/** The close of a socket, or null when it is still open after the wait (the server let it in). */
async function closedWithin(s: RawClient, ms: number): Promise<{ code: number; reason: string } | null> {
  return Promise.race([s.closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
}

/** A socket the server let into its room: it has received the room's first sync message. */
async function admitted(s: RawClient): Promise<void> {
  await s.open;
  await until(() => s.received.length > 0, 'the first sync message');
}

describe('sockets per token', () => {
  it('refuses a ninth socket of one token in one room with 4429 and keeps the eight others open', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const first = Array.from({ length: 8 }, () => open(boardRoom(w.id), ana.token));
    await Promise.all(first.map(admitted));
    const ninth = open(boardRoom(w.id), ana.token);
    const closed = await closedWithin(ninth, 2000);
    expect(closed).toEqual({ code: 4429, reason: expect.stringMatching(/too many connections/) });
    expect(first.every((s) => s.ws.readyState === s.ws.OPEN)).toBe(true);

    // Someone else is not affected, and a place freed by a closed socket can be used again.
    const ben = await join(server.url, w, 'participant', 'Ben');
    await admitted(open(boardRoom(w.id), ben.token));
    first[0]!.ws.close();
    await first[0]!.closed;
    const again = open(boardRoom(w.id), ana.token);
    await admitted(again);
    expect(await closedWithin(again, 300)).toBeNull();
  });

  it('counts a token across rooms: the socket over MAX_SOCKETS_PER_TOKEN is refused in any room', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const board = Array.from({ length: 8 }, () => open(boardRoom(w.id), ana.token));
    const control = Array.from({ length: 4 }, () => open(controlRoom(w.id), ana.token));
    await Promise.all([...board, ...control].map(admitted));
    const over = open(controlRoom(w.id), ana.token);
    expect(await closedWithin(over, 2000)).toEqual({ code: 4429, reason: expect.stringMatching(/too many connections/) });
    expect([...board, ...control].every((s) => s.ws.readyState === s.ws.OPEN)).toBe(true);
  });
});
