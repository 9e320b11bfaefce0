import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { createNote, moveNote, readBoard } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { startChildServer } from '../helpers/childServer';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';

// The server keeps the full board it sends to newcomers ready; these check that what it hands out is never stale.
describe('a newcomer’s first sync', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('gives a fresh client the newest position of a note that moved after the previous newcomer joined', async () => {
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    const id = createNote(a.doc, { text: 'Open budget', x: -0.5, y: 0.5, authorId: ana.participantId });
    const first = connectRoom(server, boardRoom(w.id), ben.token);
    await first.synced;
    await until(() => readBoard(first.doc).notes.length === 1, 'the first newcomer to have the note');

    moveNote(a.doc, id, 0.7, -0.2, ana.participantId);
    await until(() => readBoard(first.doc).notes[0]?.x === 0.7, 'the move to reach the first newcomer');
    const second = connectRoom(server, boardRoom(w.id), ben.token);
    await second.synced;
    expect(readBoard(second.doc).notes.map((n) => [n.x, n.y])).toEqual([[0.7, -0.2]]);
    for (const c of [a, first, second]) c.destroy();
  });

  it('gives a fresh client every stored note after a crash left a snapshot and a log behind', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'four-paths-join-'));
    // Compacting after every third update leaves three notes in the snapshot and the fourth in the log.
    let child = await startChildServer(dataDir, { COMPACT_EVERY: '3' });
    try {
      const w = await createWorkshop(child.url);
      const ana = await join(child.url, w, 'participant', 'Ana');
      const a = connectRoom(child, boardRoom(w.id), ana.token);
      await a.synced;
      for (const text of ['one', 'two', 'three', 'four']) createNote(a.doc, { text, x: 0, y: 0, authorId: ana.participantId });
      const witness = connectRoom(child, boardRoom(w.id), ana.token);
      await until(() => readBoard(witness.doc).notes.length === 4, 'all four notes to be stored and sent');
      a.destroy();
      witness.destroy();
      await child.kill('SIGKILL');

      child = await startChildServer(dataDir, { COMPACT_EVERY: '3' });
      const fresh = connectRoom(child, boardRoom(w.id), ana.token);
      await fresh.synced;
      expect(readBoard(fresh.doc).notes.map((n) => n.text).sort()).toEqual(['four', 'one', 'three', 'two']);
      fresh.destroy();
    } finally {
      await child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
