import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { boardRoom } from '@shared/rooms';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { until } from '../helpers/clients';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { awarenessMessages, sendState } from '../helpers/awarenessWire';

const PEOPLE = 32;
const IDS_EACH = 4;
const QUERIES = 390;

function messagesIn(server: TestServer): number {
  return Number(/fourpaths_messages_in_total (\d+)/.exec(server.server.deps.metrics.render())?.[1] ?? 0);
}

describe('a reader that stops reading while asking for everyone’s presence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_JOIN_PER_MINUTE: '1000' } });
  });
  afterAll(() => server.close());

  it('is sent what its socket can hold, not one copy of the room per question', async () => {
    const w = await createWorkshop(server.url);
    const people = await Promise.all(Array.from({ length: PEOPLE }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const crowd: RawClient[] = people.map((p) => openRaw(server.wsUrl, boardRoom(w.id), p.token));
    await Promise.all(crowd.map((c) => c.open));
    // Everyone at the presence size limit: the room's presence is a megabyte.
    const note = 'n'.repeat(7800);
    crowd.forEach((c, i) => {
      for (let k = 0; k < IDS_EACH; k++) sendState(c, 20_000 + i * IDS_EACH + k, 1, { user: { id: people[i]!.participantId, name: `P${i}`, color: '#2563eb', role: 'participant' }, note });
    });
    const watcher = crowd[0]!;
    await until(() => new Set(awarenessMessages(watcher).flat().map((s) => s.clientId)).size === PEOPLE * IDS_EACH, 'the whole room’s presence to arrive', 10_000);

    const viewer = await join(server.url, w, 'viewer', 'Vic');
    const attacker = openRaw(server.wsUrl, boardRoom(w.id), viewer.token);
    await attacker.open;
    (attacker.ws as unknown as { _socket: Socket })._socket.pause();
    const before = process.memoryUsage().rss;
    const handled = messagesIn(server);
    for (let i = 0; i < QUERIES; i++) attacker.ws.send(new Uint8Array([3]));
    await until(() => messagesIn(server) >= handled + QUERIES, 'the server to handle every query', 10_000);
    const grown = process.memoryUsage().rss - before;
    // The room still answers someone who reads.
    const heard = awarenessMessages(watcher).length;
    watcher.ws.send(new Uint8Array([3]));
    await until(() => awarenessMessages(watcher).length > heard, 'a reading client’s query to be answered', 10_000);
    console.log('presence queries from a stalled reader:', JSON.stringify({ snapshotKB: Math.round(awarenessMessages(watcher).at(-1)!.reduce((n, s) => n + s.json.length, 0) / 1024), grownMB: Math.round(grown / 2 ** 20) }));
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    attacker.ws.terminate();
    for (const c of crowd) c.ws.close();
  });
});
