import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { startTestServer, type TestServer } from '../helpers/server';
import { boardPair } from '../helpers/boardPair';
import { until } from '../helpers/clients';

// MAX_TEXT is read from the configuration once: the server enforces it and tells the client.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { MAX_TEXT: '100', MAX_NOTES: '40' } });
});
afterAll(() => server.close());

const storedTexts = (workshopId: string) => server.server.deps.docs.readDoc(boardRoom(workshopId), (d) => readBoard(d).notes.map((n) => n.text));

describe('a server configured with MAX_TEXT=100', () => {
  it('tells the client its limits at /api/config', async () => {
    const res = await fetch(`${server.url}/api/config`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ limits: { maxText: 100, maxNotes: 40, maxName: 40, maxTitle: 120 } });
  });

  it('refuses a 300-character note with permission denied, keeping the socket, and takes one of 100', async () => {
    const { w, ana, ben, a, b } = await boardPair(server);

    createNote(a.doc, { text: 'x'.repeat(300), x: 0.5, y: 0.5, authorId: ana.participantId });
    await until(async () => a.denied.length > 0, 'Ana’s note to be refused');
    expect(a.denied[0]).toMatch(/at most 100 characters/);

    const fits = 'y'.repeat(100);
    createNote(b.doc, { text: fits, x: -0.5, y: 0.5, authorId: ben.participantId });
    // Ana's socket is still open: Ben's note reaches her.
    await until(async () => readBoard(a.doc).notes.some((n) => n.text === fits), 'Ben’s note to reach Ana');
    expect(a.provider.wsconnected).toBe(true);
    expect((await storedTexts(w.id))).toEqual([fits]);
    a.destroy();
    b.destroy();
  });
});
