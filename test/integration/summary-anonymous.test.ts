import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, moveNote, readBoard } from '@shared/schema/board';
import { readSession, updateSession } from '@shared/schema/control';
import { LOCAL } from '@shared/schema/origins';
import type { Summary } from '@shared/summary/types';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';

// The facilitator's "anonymous notes" switch, through the real control room and the real summary routes.

let server: TestServer;
let workshop: CreatedWorkshop;
let fay: Joined;
let bernadette: Joined;
let control: RoomClient;
const clients: RoomClient[] = [];

const download = async (format: string) => {
  const res = await fetch(`${server.url}/api/workshops/${workshop.id}/summary.${format}`, { headers: { authorization: `Bearer ${bernadette.token}` } });
  expect(res.status).toBe(200);
  return res.text();
};
const serverSession = () => server.server.deps.docs.readDoc(controlRoom(workshop.id), readSession);

beforeAll(async () => {
  server = await startTestServer();
  workshop = await createWorkshop(server.url, 'Anonymous retro');
  fay = await join(server.url, workshop, 'facilitator', 'Fay');
  bernadette = await join(server.url, workshop, 'participant', 'Bernadette');
  const board = connectRoom(server, boardRoom(workshop.id), bernadette.token);
  control = connectRoom(server, controlRoom(workshop.id), fay.token);
  clients.push(board, control);
  await Promise.all(clients.map((c) => c.synced));
  const id = createNote(board.doc, { text: 'Pay everyone the same', x: 1.5, y: 0, authorId: bernadette.participantId });
  moveNote(board.doc, id, -0.5, 0.5, bernadette.participantId);
  const onServer = async () => (await server.server.deps.docs.readDoc(boardRoom(workshop.id), readBoard)).notes;
  await until(async () => (await onServer())[0]?.moves.length === 1, 'the server to hold the note and its move');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('anonymous notes', () => {
  it('is off by default, and the summary names each note’s author and mover', async () => {
    expect((await serverSession()).anonymous).toBe(false);
    const s = JSON.parse(await download('json')) as Summary;
    const note = s.paths['collective-values'].notes[0]!;
    expect(note).toMatchObject({ author: 'Bernadette', authorId: bernadette.participantId });
    expect(note.moves[0]).toMatchObject({ by: 'Bernadette', byId: bernadette.participantId });
    expect(await download('md')).toContain('by Bernadette');
  });

  it('once the facilitator turns it on, names no author or mover in any format, and still counts who wrote how many', async () => {
    updateSession(control.doc, { anonymous: true }, LOCAL);
    await until(async () => (await serverSession()).anonymous, 'the server to store the switch');

    const s = JSON.parse(await download('json')) as Summary;
    const note = s.paths['collective-values'].notes[0]!;
    expect(note).toMatchObject({ text: 'Pay everyone the same', author: '', authorId: '' });
    expect(note.moves).toHaveLength(1);
    expect(note.moves[0]).toMatchObject({ from: 'unplaced', to: 'collective-values', by: '', byId: '' });
    expect(JSON.stringify(s.paths)).not.toContain(bernadette.participantId);
    // Who took part stays: a count per person says nothing about which note is whose.
    expect(s.participation.find((r) => r.name === 'Bernadette')).toMatchObject({ notes: 1 });

    const md = await download('md');
    expect(md).toContain('Pay everyone the same');
    expect(md).not.toContain('by Bernadette');
    expect(md).not.toMatch(/by\s+(·|at|$)/m);
    const rows = parseCsv(await download('csv'), { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ text: 'Pay everyone the same', author: '' });
    expect(await download('svg')).not.toContain('Bernadette');
  });
});
