import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { readSession, updateSession } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { quietFor } from '../helpers/waits';
import { openRaw, type RawClient } from '../helpers/rawSocket';
import { awarenessMessages, heardFor, queryAwareness, sendState } from '../helpers/awarenessWire';
import { peopleIn } from '../../client/session/presence';
import { PresenterView } from '../../client/session/useControlFollow';

const userOf = (p: Joined, name: string) => ({ id: p.participantId, name, color: '#2563eb', role: p.role });

/** Resolves once the raw client has heard everything the server did with what it sent before. */
async function barrier(raw: RawClient): Promise<void> {
  const before = awarenessMessages(raw).length;
  queryAwareness(raw);
  await until(() => awarenessMessages(raw).length > before, 'the answer to an awareness query');
}

describe('presence bound to the token', () => {
  let server: TestServer;
  const sockets: RawClient[] = [];
  const providers: RoomClient[] = [];
  const raw = (room: string, who: Joined) => {
    const r = openRaw(server.wsUrl, room, who.token);
    sockets.push(r);
    return r;
  };
  const stock = (room: string, who: Joined): RoomClient => {
    const c = connectRoom(server, room, who.token);
    providers.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const r of sockets) r.ws.close();
    for (const c of providers) c.destroy();
    await server.close();
  });

  it('keeps an awareness client id with the participant who first used it, while their socket is down and when they come back', async () => {
    const w = await createWorkshop(server.url);
    const [ana, eve, cal] = await Promise.all(['Ana', 'Eve', 'Cal'].map((n) => join(server.url, w, 'participant', n)));
    const watcher = raw(boardRoom(w.id), cal!);
    const a = raw(boardRoom(w.id), ana!);
    await Promise.all([watcher.open, a.open]);
    sendState(a, 7100, 1, { user: userOf(ana!, 'Ana'), cursor: { x: 0.1, y: 0 } });
    await until(() => heardFor(watcher, 7100).length === 1, 'Cal to see Ana');
    a.ws.close();
    await until(() => heardFor(watcher, 7100).some((s) => s.json === 'null'), 'Cal to see Ana leave');

    // Eve saw Ana's client id go by; with Ana's socket gone she tries to speak under it.
    const e = raw(boardRoom(w.id), eve!);
    await e.open;
    sendState(e, 7101, 1, { user: userOf(eve!, 'Eve'), cursor: null });
    sendState(e, 7100, 50, { user: userOf(eve!, 'Eve'), cursor: { x: 0.9, y: 0.9 } });
    await barrier(e);

    const back = raw(boardRoom(w.id), ana!);
    await back.open;
    sendState(back, 7100, 2, { user: userOf(ana!, 'Ana'), cursor: { x: 0.2, y: 0 } });
    await until(() => heardFor(watcher, 7100).some((s) => s.json.includes('"x":0.2')), 'Cal to see Ana back under her own client id');
    const seen = heardFor(watcher, 7100).map((s) => JSON.parse(s.json) as { cursor?: { x: number } } | null);
    expect(seen.map((s) => s?.cursor?.x ?? null)).toEqual([0.1, null, 0.2]);
    // Clocks only go up, so every stock client takes Ana's return as news.
    const clocks = heardFor(watcher, 7100).map((s) => s.clock);
    expect([...clocks].sort((x, y) => x - y)).toEqual(clocks);
    expect(new Set(clocks).size).toBe(clocks.length);
  });

  it('does not let two stock tabs of one participant bounce one state between them for ever', async () => {
    const w = await createWorkshop(server.url);
    const [ana, cal] = await Promise.all(['Ana', 'Cal'].map((n) => join(server.url, w, 'participant', n)));
    // A stock client echoes every state it hears, its own participant's other tab's included.
    const first = stock(boardRoom(w.id), ana!);
    const second = stock(boardRoom(w.id), ana!);
    const watcher = raw(boardRoom(w.id), cal!);
    await Promise.all([first.synced, second.synced, watcher.open]);
    second.provider.awareness.setLocalState({ user: userOf(ana!, 'Ana'), cursor: { x: 0.4, y: 0.4 } });
    await until(() => heardFor(watcher, second.doc.clientID).length > 0, 'Cal to see Ana’s second tab');
    await quietFor(300);
    // The echo hands nothing over: the state is not bounced back and forth, flush after flush.
    const settled = heardFor(watcher, second.doc.clientID).length;
    await quietFor(500);
    expect(heardFor(watcher, second.doc.clientID).length).toBe(settled);
    expect((second.provider.awareness.getStates().get(second.doc.clientID) as { cursor?: { x: number } }).cursor?.x).toBe(0.4);
  });

  it('shows a participant who calls themself "Fay (facilitator)" to everyone under their real name and role', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const [eve, ben] = await Promise.all(['Eve', 'Ben'].map((n) => join(server.url, w, 'participant', n)));
    const b = stock(boardRoom(w.id), ben!);
    await b.synced;
    const e = raw(boardRoom(w.id), eve!);
    await e.open;
    sendState(e, 7200, 1, { user: { id: fay.participantId, name: 'Fay (facilitator)', color: '#dc2626', role: 'facilitator' }, cursor: { x: 0.3, y: 0.3 } });
    await until(() => b.provider.awareness.getStates().has(7200), 'Ben to see Eve’s presence');
    const people = peopleIn(b.provider.awareness.getStates(), b.provider.awareness.clientID, ben!.participantId);
    const shown = people.filter((p) => !p.isSelf).map(({ id, name, role, color }) => ({ id, name, role, color }));
    expect(shown).toEqual([{ id: eve!.participantId, name: 'Eve', role: 'participant', color: '#dc2626' }]);
    expect(people.some((p) => p.name.includes('Fay'))).toBe(false);
  });

  it('keeps every follower on the presenter’s view after the presenter’s socket blips, whatever another participant sends', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const [eve, ben] = await Promise.all(['Eve', 'Ben'].map((n) => join(server.url, w, 'participant', n)));
    const fayControl = stock(controlRoom(w.id), fay);
    const fayBoard = stock(boardRoom(w.id), fay);
    const benControl = stock(controlRoom(w.id), ben!);
    const benBoard = stock(boardRoom(w.id), ben!);
    await Promise.all([fayControl.synced, fayBoard.synced, benControl.synced, benBoard.synced]);
    const fayUser = userOf(fay, 'Fay');
    fayBoard.provider.awareness.setLocalState({ user: fayUser, cursor: null, viewport: { x: 0.5, y: 0.5, zoom: 2 } });
    updateSession(fayControl.doc, { presenterId: fay.participantId, follow: true });

    // What Ben's view tracks, as useFollowPresenter computes it on every awareness change.
    let view: PresenterView | null = null;
    const followed = () => {
      const presenter = readSession(benControl.doc).presenterId;
      if (!presenter) return null;
      view ??= new PresenterView(presenter);
      return view.read(benBoard.provider.awareness.getStates());
    };
    const tracked: Array<ReturnType<typeof followed>> = [];
    benBoard.provider.awareness.on('change', () => tracked.push(followed()));
    await until(() => followed()?.zoom === 2, 'Ben to follow Fay');

    const fayClientId = fayBoard.doc.clientID;
    fayBoard.provider.disconnect();
    await until(() => !benBoard.provider.awareness.getStates().has(fayClientId), 'Ben to see Fay’s socket drop');

    const e = raw(boardRoom(w.id), eve!);
    await e.open;
    const forged = { user: fayUser, cursor: null, viewport: { x: -0.8, y: -0.8, zoom: 3 } };
    sendState(e, fayClientId, 1000, forged);
    sendState(e, 7300, 1, forged);
    await barrier(e);

    fayBoard.provider.connect();
    await until(() => fayBoard.provider.wsconnected, 'Fay to be back');
    fayBoard.provider.awareness.setLocalStateField('viewport', { x: 0.2, y: 0.3, zoom: 1.5 });
    await until(() => followed()?.zoom === 1.5, 'Ben to follow Fay’s next move');
    expect(tracked.some((v) => v?.zoom === 3)).toBe(false);
    expect(followed()).toEqual({ x: 0.2, y: 0.3, zoom: 1.5 });
  });

  it('keeps the clocks it forwards below 2^53, where they still count up, however a participant plays with their own', async () => {
    const w = await createWorkshop(server.url);
    const [eve, ben] = await Promise.all(['Eve', 'Ben'].map((n) => join(server.url, w, 'participant', n)));
    const b = stock(boardRoom(w.id), ben!);
    await b.synced;
    const e = raw(boardRoom(w.id), eve!);
    await e.open;
    sendState(e, 7400, Number.MAX_SAFE_INTEGER - 2, { user: userOf(eve!, 'Eve'), cursor: { x: 0.1, y: 0 } });
    await until(() => b.provider.awareness.getStates().has(7400), 'Ben to see Eve');
    e.ws.close();
    await until(() => !b.provider.awareness.getStates().has(7400), 'Ben to see Eve leave');
    // Back with a low clock: continuing from her last clock would go past 2^53.
    const again = raw(boardRoom(w.id), eve!);
    await again.open;
    sendState(again, 7400, 5, { user: userOf(eve!, 'Eve'), cursor: { x: 0.5, y: 0 } });
    sendState(again, 7401, 1, { user: userOf(eve!, 'Eve'), cursor: { x: 0.6, y: 0 } });
    await until(() => b.provider.awareness.getStates().has(7401), 'Ben to see Eve’s next tab');
    expect(b.provider.awareness.getStates().has(7400)).toBe(false);
    expect(b.provider.wsconnected).toBe(true);
  });
});
