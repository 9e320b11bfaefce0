import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { awarenessMessages, heardFor, sendState } from '../helpers/awarenessWire';

const CROWD = 72;
const ROUNDS = 4;

describe('an unmodified y-websocket client in a big room', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A long flush window gathers the whole crowd's moves into one message, as a busy room of 200 does.
    server = await startTestServer({ env: { AWARENESS_FLUSH_MS: '300', RATE_JOIN_PER_MINUTE: '1000' } });
  });
  afterAll(() => server.close());

  it('stays connected through several flushes that each list more than 64 people, while it echoes them all back', async () => {
    const w = await createWorkshop(server.url);
    const people = await Promise.all(Array.from({ length: CROWD }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const crowd: RawClient[] = people.map((p) => openRaw(server.wsUrl, boardRoom(w.id), p.token));
    await Promise.all(crowd.map((c) => c.open));
    const watcher = crowd[0]!;

    // The stock provider as published: no filter, so it re-sends every remote update it applies.
    const viewer = await join(server.url, w, 'participant', 'Stock');
    const stock = connectRoom(server, boardRoom(w.id), viewer.token);
    let closes = 0;
    stock.provider.on('connection-close', () => closes++);
    await stock.synced;
    stock.provider.awareness.setLocalState({ user: { id: viewer.participantId, name: 'Stock', color: '#16a34a', role: 'participant' }, cursor: null });

    for (let round = 1; round <= ROUNDS; round++) {
      crowd.forEach((c, i) => sendState(c, 9000 + i, round, { user: { id: people[i]!.participantId, name: `P${i}`, color: '#2563eb', role: 'participant' }, cursor: { x: round / 10, y: 0 } }));
      await until(
        () => [...stock.provider.awareness.getStates().entries()].filter(([id, s]) => id >= 9000 && (s as { cursor?: { x: number } }).cursor?.x === round / 10).length === CROWD,
        `the stock client to see round ${round} of the crowd's moves`,
      );
    }
    // It heard the crowd in messages of more than 64 people, and echoed each of them back.
    const biggest = Math.max(...awarenessMessages(watcher).map((m) => m.length));
    expect(biggest).toBeGreaterThan(64);

    stock.provider.awareness.setLocalStateField('cursor', { x: 0.7, y: 0.7 });
    const stockId = stock.doc.clientID;
    await until(() => heardFor(watcher, stockId).some((s) => s.json.includes('0.7')), 'the crowd to see the stock client move');
    expect(stock.provider.wsconnected).toBe(true);
    expect(closes).toBe(0);
    // The echo changed no one's state: what the crowd heard for P1 came from P1.
    expect(heardFor(watcher, 9001).map((s) => s.clock)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    stock.destroy();
    for (const c of crowd) c.ws.close();
  });
});
