import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, deleteNotes, moveNote, notesOf, readBoard } from '@shared/schema/board';
import { updateSession } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { boardPair } from '../helpers/boardPair';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('live board sync', () => {
  it('shows each participant the other one’s notes, moves and cursor', async () => {
    const { ana, a, b } = await boardPair(server);

    const id = createNote(a.doc, { text: 'Customer forum', x: 1.5, y: 0, authorId: ana.participantId });
    moveNote(a.doc, id, 0.6, 0.7, ana.participantId);
    await until(() => readBoard(b.doc).notes[0]?.x === 0.6, 'Ben to see the move');
    const seen = readBoard(b.doc).notes[0]!;
    expect(seen).toMatchObject({ text: 'Customer forum', x: 0.6, y: 0.7 });
    expect(seen.moves.map((m) => m.to)).toEqual(['product-resonance']);

    a.provider.awareness.setLocalStateField('cursor', { x: 0.25, y: -0.5 });
    await until(
      () => [...b.provider.awareness.getStates().values()].some((s) => s.cursor?.x === 0.25),
      'Ben to see Ana’s cursor',
    );
    a.destroy();
    b.destroy();
  });

  it('does not apply a viewer’s write for anyone, now or after a restart', async () => {
    const dataDir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/fp-viewer-`);
    let s = await startTestServer({ dataDir });
    const w = await createWorkshop(s.url);
    const viewer = await join(s.url, w, 'viewer', 'Projector');
    const ana = await join(s.url, w, 'participant', 'Ana');
    const v = connectRoom(s, boardRoom(w.id), viewer.token);
    const a = connectRoom(s, boardRoom(w.id), ana.token);
    await Promise.all([v.synced, a.synced]);
    createNote(v.doc, { text: 'viewer graffiti', x: 0, y: 0, authorId: viewer.participantId });
    // The protocol's permission denied; the socket stays open.
    await until(() => v.denied.length > 0, 'the viewer to be refused');
    expect(v.denied[0]).toMatch(/viewers cannot change the board/);
    createNote(a.doc, { text: 'real note', x: 0.5, y: 0.5, authorId: ana.participantId });
    await until(() => readBoard(v.doc).notes.some((n) => n.text === 'real note'), 'the viewer to still receive updates');
    expect(readBoard(a.doc).notes.map((n) => n.text)).toEqual(['real note']);
    expect(v.provider.wsconnected).toBe(true);
    v.destroy();
    a.destroy();
    await s.close({ keepData: true });

    s = await startTestServer({ dataDir });
    const again = connectRoom(s, boardRoom(w.id), ana.token);
    await again.synced;
    expect(readBoard(again.doc).notes.map((n) => n.text)).toEqual(['real note']);
    again.destroy();
    await s.close();
  });

  it('keeps the control room read-only for participants', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const a = connectRoom(server, controlRoom(w.id), ana.token);
    const f = connectRoom(server, controlRoom(w.id), fay.token);
    await Promise.all([a.synced, f.synced]);
    updateSession(a.doc, { phase: 'done' });
    // The refusal says the server has judged the write; anything it passed on would have gone out before it.
    await until(() => a.denied.length > 0, 'the refusal');
    expect(f.doc.getMap('session').get('phase')).toBe('collect');
    updateSession(f.doc, { phase: 'place' });
    const fresh = connectRoom(server, controlRoom(w.id), ana.token);
    await fresh.synced;
    await until(() => fresh.doc.getMap('session').get('phase') === 'place', 'the facilitator’s phase to reach everyone');
    a.destroy();
    f.destroy();
    fresh.destroy();
  });

  it('refuses a missing, forged or foreign token with a 44xx close code', async () => {
    const w = await createWorkshop(server.url);
    const other = await createWorkshop(server.url);
    const eve = await join(server.url, other, 'facilitator', 'Eve');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const cases: Array<[string, number]> = [
      ['', 4401],
      [ana.token.slice(0, -4) + 'AAAA', 4401],
      [eve.token, 4403],
    ];
    for (const [token, code] of cases) {
      const raw = openRaw(server.wsUrl, boardRoom(w.id), token);
      const closed = await raw.closed;
      expect(closed.code).toBe(code);
      expect(raw.received).toHaveLength(0);
    }
    const drafts = openRaw(server.wsUrl, `${w.id}/drafts/someoneElse`, ana.token);
    expect((await drafts.closed).code).toBe(4403);
  });

  it('closes only the socket that sent a malformed frame, leaving the stored board intact', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    createNote(a.doc, { text: 'keep me', x: -0.5, y: 0.5, authorId: ana.participantId });

    const raw = openRaw(server.wsUrl, boardRoom(w.id), ben.token);
    await raw.open;
    raw.ws.send(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    const closed = await raw.closed;
    expect(closed.code).toBe(4400);

    const garbage = openRaw(server.wsUrl, boardRoom(w.id), ben.token);
    await garbage.open;
    garbage.ws.send(Buffer.from([0, 2, 5, 9, 9, 9, 9, 9]));
    expect((await garbage.closed).code).toBe(4400);

    createNote(a.doc, { text: 'still live', x: 0.5, y: 0.5, authorId: ana.participantId });
    const b = connectRoom(server, boardRoom(w.id), ben.token);
    await b.synced;
    await until(() => readBoard(b.doc).notes.length === 2, 'both notes to reach a fresh client');
    expect(a.provider.wsconnected).toBe(true);
    a.destroy();
    b.destroy();
  });

  it('refuses an update that breaks the note schema and keeps the board as it was', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const eve = await join(server.url, w, 'participant', 'Eve');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    createNote(a.doc, { text: 'good', x: 0, y: 0, authorId: ana.participantId });

    const e = connectRoom(server, boardRoom(w.id), eve.token);
    await e.synced;
    e.doc.transact(() => {
      const bad = new Y.Map<unknown>();
      bad.set('text', 12345);
      bad.set('x', 'left');
      notesOf(e.doc).set('evil', bad as never);
    });
    const closed = await e.closed;
    expect(closed.code).toBe(4422);
    // A later write reaching Ana proves everything the server sent before it has arrived.
    const marker = connectRoom(server, boardRoom(w.id), ana.token);
    await marker.synced;
    const later = createNote(marker.doc, { text: 'later', x: 0, y: 0, authorId: ana.participantId });
    await until(() => notesOf(a.doc).has(later), 'the later note');
    expect(notesOf(a.doc).has('evil')).toBe(false);
    deleteNotes(marker.doc, [later]);
    await until(() => !notesOf(a.doc).has(later), 'the later note to go');
    marker.destroy();
    const fresh = connectRoom(server, boardRoom(w.id), ana.token);
    await fresh.synced;
    expect([...notesOf(fresh.doc).keys()]).toHaveLength(1);
    a.destroy();
    e.destroy();
    fresh.destroy();
  });

  it('loads a document once when 20 clients connect at the same moment', async () => {
    const w = await createWorkshop(server.url);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const loadsBefore = countLoads();
    const clients = people.map((p) => connectRoom(server, boardRoom(w.id), p.token));
    await Promise.all(clients.map((c) => c.synced));
    expect(countLoads() - loadsBefore).toBe(1);
    createNote(clients[0]!.doc, { text: 'hello all', x: 0, y: 0, authorId: people[0]!.participantId });
    await until(() => clients.every((c) => readBoard(c.doc).notes.length === 1), 'all 20 to see the note');
    for (const c of clients) c.destroy();
  });
});

function countLoads(): number {
  const text = server.server.deps.metrics.render();
  const m = /^fourpaths_room_loads_total (\d+)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}
