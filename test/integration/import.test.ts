import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { parseList } from '@shared/import/parseList';
import { importRefusal, planNotes } from '@shared/import/plan';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNotes, readBoard } from '@shared/schema/board';
import { setPhase, updateSession } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';

// An import is one transaction: the server admits all of its notes or none.

let server: TestServer;
const clients: RoomClient[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_NOTES: '5' } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

function refusalOf(client: RoomClient): Promise<string> {
  return new Promise((resolve) => {
    client.provider.messageHandlers[2] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      resolve(decoding.readVarString(decoder));
    };
    void client.closed.then((c) => resolve(c.reason));
  });
}

const storedNotes = async (workshopId: string) => (await server.server.deps.docs.readDoc(boardRoom(workshopId), readBoard)).notes;

describe('importing through the real server', () => {
  it('creates every note of an import that fits, and none of one that does not', async () => {
    const w = await createWorkshop(server.url, 'Import limits');
    const [fran, ana] = await Promise.all([join(server.url, w, 'facilitator', 'Fran'), join(server.url, w, 'participant', 'Ana')]);
    const control = connectRoom(server, controlRoom(w.id), fran.token);
    clients.push(control);
    await control.synced;
    setPhase(control.doc, 'place');
    await until(async () => (await server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('phase'))) === 'place', 'the place phase');

    const list = parseList('- Wiki\n- Forum\n- Values week');
    if (!list.ok) throw new Error(list.error);
    const board = connectRoom(server, boardRoom(w.id), ana.token);
    clients.push(board);
    await board.synced;
    createNotes(board.doc, planNotes(list.rows, 'yellow', 0).map((n) => ({ ...n, authorId: ana.participantId })));
    await until(async () => (await storedNotes(w.id)).length === 3, 'the three notes');

    // Three more would pass five: the dialog refuses before sending, and the server refuses the whole transaction anyway.
    const more = parseList('One\nTwo\nThree');
    if (!more.ok) throw new Error(more.error);
    expect(importRefusal({ role: 'participant', phase: 'place', locked: false, into: 'board', existing: 3, maxNotes: 5 }, 3)).toBe('the board has room for 2 more notes, not 3');
    const second = connectRoom(server, boardRoom(w.id), ana.token);
    clients.push(second);
    await second.synced;
    const refused = refusalOf(second);
    createNotes(second.doc, planNotes(more.rows, 'blue', 3).map((n) => ({ ...n, authorId: ana.participantId })));
    expect(await refused).toBe('a board holds at most 5 notes');
    expect((await storedNotes(w.id)).map((n) => n.text).sort()).toEqual(['Forum', 'Values week', 'Wiki']);
  });

  it('refuses a participant’s import onto a locked board, creating nothing', async () => {
    const w = await createWorkshop(server.url, 'Locked import');
    const [fran, ana] = await Promise.all([join(server.url, w, 'facilitator', 'Fran'), join(server.url, w, 'participant', 'Ana')]);
    const control = connectRoom(server, controlRoom(w.id), fran.token);
    clients.push(control);
    await control.synced;
    updateSession(control.doc, { phase: 'place', locked: true });
    await until(async () => (await server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('locked'))) === true, 'the lock');
    const board = connectRoom(server, boardRoom(w.id), ana.token);
    clients.push(board);
    await board.synced;
    const refused = refusalOf(board);
    createNotes(board.doc, [{ text: 'Sneaky', x: 1.5, y: 0.5, authorId: ana.participantId }, { text: 'Sneakier', x: 1.9, y: 0.5, authorId: ana.participantId }]);
    expect(await refused).toBe('the facilitator has locked the board');
    expect((await storedNotes(w.id))).toEqual([]);
  });
});
