import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { boardRoom, controlRoom } from '@shared/rooms';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { pace, quietFor } from '../helpers/waits';
import { encodeAwareness } from '../../server/rooms/protocol';

interface State {
  clientId: number;
  clock: number;
  json: string;
}

/** The states listed in each awareness message a raw client received, one array per message. */
function awarenessMessages(raw: RawClient): State[][] {
  const out: State[][] = [];
  for (const bytes of raw.received) {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarUint(d) !== 1) continue;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
    const count = decoding.readVarUint(inner);
    const states: State[] = [];
    for (let i = 0; i < count; i++) {
      states.push({ clientId: decoding.readVarUint(inner), clock: decoding.readVarUint(inner), json: decoding.readVarString(inner) });
    }
    out.push(states);
  }
  return out;
}

function sendState(raw: RawClient, clientId: number, clock: number, json: string): void {
  raw.ws.send(encodeAwareness([{ clientId, clock, state: new TextEncoder().encode(json) }]));
}

/** Ana's state as she would send it: her own participant id, name and role (the server holds states to those). */
const cursor = (ana: { participantId: string }, x: number) =>
  JSON.stringify({ user: { id: ana.participantId, name: 'Ana', color: '#2563eb', role: 'participant' }, cursor: { x, y: 0 } });

describe('presence traffic', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A long flush window makes "within one window" easy to arrange (an idle server waits 40 % of it: one second);
    // a short keepalive keeps the test quick.
    server = await startTestServer({ env: { AWARENESS_FLUSH_MS: '2500', AWARENESS_KEEPALIVE_MS: '250' } });
  });
  afterAll(() => server.close());

  async function twoPeople(room: (id: string) => string) {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const a = openRaw(server.wsUrl, room(w.id), ana.token);
    const b = openRaw(server.wsUrl, room(w.id), ben.token);
    await Promise.all([a.open, b.open]);
    return { w, a, b, ana, ben };
  }

  it('delivers five cursor moves made within one flush window of a 25-person room to a peer as one message holding the last position', async () => {
    const { a, b, w, ana } = await twoPeople(boardRoom);
    // The full window applies from 25 people on; smaller rooms flush sooner.
    const others = await Promise.all(Array.from({ length: 23 }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const crowd = others.map((p) => openRaw(server.wsUrl, boardRoom(w.id), p.token));
    await Promise.all(crowd.map((c) => c.open));
    sendState(a, 7001, 1, cursor(ana, 0.1));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clientId === 7001)), 'Ben to see Ana arrive');
    const before = awarenessMessages(b).length;
    // A hand moving for a fifth of a second, well inside the one-second window that started with her arrival.
    for (let clock = 2; clock <= 6; clock++) {
      sendState(a, 7001, clock, cursor(ana, clock / 10));
      await pace(40);
    }
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clock === 6)), 'Ben to see Ana’s last move', 5000);
    // Earlier moves sent on their own would have arrived before the last one; a late repeat would come after it.
    await quietFor(300);
    const after = awarenessMessages(b).slice(before).filter((m) => m.length > 0);
    expect(after).toHaveLength(1);
    expect(after[0]).toEqual([{ clientId: 7001, clock: 6, json: cursor(ana, 0.6) }]);
    for (const c of [a, b, ...crowd]) c.ws.close();
  });

  it('passes on a cursor in a room of two without holding it for the full flush interval', async () => {
    const { a, b, ana } = await twoPeople(boardRoom);
    sendState(a, 7004, 1, cursor(ana, 0.1));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clientId === 7004)), 'Ben to see Ana arrive');
    const before = awarenessMessages(b).length;
    // Two moves 0.4 s apart: a one-second window would merge them, a two-person room’s does not.
    sendState(a, 7004, 2, cursor(ana, 0.2));
    await pace(400);
    sendState(a, 7004, 3, cursor(ana, 0.3));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clock === 3)), 'Ben to see Ana’s last move', 5000);
    const after = awarenessMessages(b).slice(before).filter((m) => m.length > 0);
    expect(after.map((m) => m.map((s) => s.clock))).toEqual([[2], [3]]);
    a.ws.close();
    b.ws.close();
  });

  it('does not let a connection speak for a client id another connection owns', async () => {
    const { a, b, w, ana } = await twoPeople(boardRoom);
    const eve = await join(server.url, w, 'participant', 'Eve');
    const e = openRaw(server.wsUrl, boardRoom(w.id), eve.token);
    await e.open;
    sendState(a, 7002, 1, cursor(ana, 0.1));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clientId === 7002)), 'Ben to see Ana');
    sendState(e, 7002, 99, JSON.stringify({ user: { id: 'ana', name: 'Ana (really Eve)', color: '#000000', role: 'facilitator' } }));
    // Asking for everyone's state on the same socket answers only after the forged state was handled.
    const heard = awarenessMessages(e).length;
    e.ws.send(new Uint8Array([3]));
    await until(() => awarenessMessages(e).length > heard, 'the room’s states to reach Eve');
    expect(awarenessMessages(e)[heard]!.filter((s) => s.clientId === 7002)).toEqual([{ clientId: 7002, clock: 1, json: cursor(ana, 0.1) }]);
    sendState(a, 7002, 2, cursor(ana, 0.2));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clientId === 7002 && s.clock === 2)), 'Ben to see Ana move', 5000);
    const seenForAna = awarenessMessages(b).flat().filter((s) => s.clientId === 7002);
    expect(seenForAna.map((s) => s.json)).toEqual([cursor(ana, 0.1), cursor(ana, 0.2)]);
    for (const c of [a, b, e]) c.ws.close();
  });

  it('closes a socket whose awareness state is not JSON with 4400, and the others keep seeing cursors', async () => {
    const w = await createWorkshop(server.url);
    const [ana, ben, eve] = await Promise.all(['Ana', 'Ben', 'Eve'].map((n) => join(server.url, w, 'participant', n)));
    const a = connectRoom(server, boardRoom(w.id), ana!.token);
    const b = connectRoom(server, boardRoom(w.id), ben!.token);
    await Promise.all([a.synced, b.synced]);
    const e = openRaw(server.wsUrl, boardRoom(w.id), eve!.token);
    await e.open;
    sendState(e, 7003, 1, '{"cursor": {"x": 0.5');
    const closed = await e.closed;
    expect(closed).toEqual({ code: 4400, reason: 'awareness state is not JSON' });
    a.provider.awareness.setLocalStateField('cursor', { x: 0.3, y: 0.4 });
    await until(() => [...b.provider.awareness.getStates().values()].some((s) => s.cursor?.y === 0.4), 'Ben to see Ana’s cursor');
    expect(b.provider.awareness.getStates().has(7003)).toBe(false);
    a.destroy();
    b.destroy();
  });

  it('keeps sending a silent client something harmless at least once per keepalive interval', async () => {
    // The control room carries no presence at all, so without a keepalive it would be silent for minutes.
    const { a, w } = await twoPeople(controlRoom);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const f = connectRoom(server, controlRoom(w.id), fay.token);
    f.provider.awareness.setLocalState(null);
    await f.synced;
    const start = a.received.length;
    await until(() => a.received.slice(start).filter((m) => m.length === 3).length >= 4, 'four keepalives', 5000);
    const keepalives = a.received.slice(start).filter((m) => m.length === 3);
    expect(keepalives.length).toBeGreaterThanOrEqual(4);
    // An awareness message listing nobody: the stock provider counts it as traffic and changes nothing.
    expect([...keepalives[0]!]).toEqual([1, 1, 0]);
    expect(f.provider.wsconnected).toBe(true);
    expect(f.provider.awareness.getStates().size).toBe(0);
    a.ws.close();
    f.destroy();
  });
});

describe('presence on an idle server', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A three-second widest window makes the difference from the idle window (40 % of it) plain.
    server = await startTestServer({ env: { AWARENESS_FLUSH_MS: '3000' } });
  });
  afterAll(() => server.close());

  it('passes on a cursor move in a 25-person room without holding it for the widest window while the server has time to spare', async () => {
    const w = await createWorkshop(server.url);
    const [ana, ben, ...others] = await Promise.all(Array.from({ length: 25 }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const people = [ana!, ben!, ...others].map((p) => openRaw(server.wsUrl, boardRoom(w.id), p.token));
    await Promise.all(people.map((c) => c.open));
    const [a, b] = people as [RawClient, RawClient];
    sendState(a, 7005, 1, cursor(ana!, 0.1));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clientId === 7005)), 'Ben to see Ana arrive');
    const before = awarenessMessages(b).length;
    // 1.5 s after her arrival went out: past an idle room's 1.2 s window, inside a busy room's 3 s one.
    await pace(1500);
    sendState(a, 7005, 2, cursor(ana!, 0.2));
    await pace(1000);
    sendState(a, 7005, 3, cursor(ana!, 0.3));
    await until(() => awarenessMessages(b).some((m) => m.some((s) => s.clock === 3)), 'Ben to see Ana’s last move', 5000);
    const after = awarenessMessages(b).slice(before).filter((m) => m.length > 0);
    // The first move went out on its own; a 3 s window would have merged both into one message.
    expect(after.map((m) => m.map((s) => s.clock))).toEqual([[2], [3]]);
    for (const c of people) c.ws.close();
  });
});
