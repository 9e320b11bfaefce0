import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { boardRoom } from '@shared/rooms';
import { createNote, deleteNotes, readBoard } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

const ROUNDS = 24;
const NOTES_PER_ROUND = 800;

function tooSlowCloses(server: TestServer): number {
  return Number(/fourpaths_rejected_messages_total\{reason="too-slow"\} (\d+)/.exec(server.server.deps.metrics.render())?.[1] ?? 0);
}

describe('a reader that stops reading while the board changes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_SEND_BUFFER_BYTES: String(1024 * 1024), MAX_DOC_BYTES: String(64 * 1024 * 1024) } });
  });
  afterAll(() => server.close());

  it('is closed once a megabyte waits unread, while the writer and a reading viewer go on', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const [vic, val] = await Promise.all(['Vic', 'Val'].map((n) => join(server.url, w, 'viewer', n)));
    const writer = connectRoom(server, boardRoom(w.id), fay.token);
    const reader = connectRoom(server, boardRoom(w.id), val!.token);
    await Promise.all([writer.synced, reader.synced]);
    const stalled = openRaw(server.wsUrl, boardRoom(w.id), vic!.token);
    await stalled.open;
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();
    try {
      const before = tooSlowCloses(server);

      // Every round writes about half a megabyte of notes and takes them away again.
      const text = 'Teams share what they learn in a weekly open demo for the whole company. '.repeat(7).slice(0, 500);
      for (let round = 0; round < ROUNDS; round++) {
        const ids: string[] = [];
        writer.doc.transact(() => {
          for (let i = 0; i < NOTES_PER_ROUND; i++) ids.push(createNote(writer.doc, { text, x: 0.5, y: 0.5, authorId: fay.participantId }));
        });
        deleteNotes(writer.doc, ids);
        await new Promise((r) => setImmediate(r));
      }
      await until(() => tooSlowCloses(server) > before, 'the stalled reader to be closed as too slow', 10_000);
      const last = createNote(writer.doc, { text: 'after', x: 0.1, y: 0.1, authorId: fay.participantId });
      await until(() => readBoard(reader.doc).notes.some((n) => n.id === last), 'the reading viewer to see the last note', 10_000);
      expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
    } finally {
      stalled.ws.terminate();
      writer.destroy();
      reader.destroy();
    }
  });
});
