import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { boardRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { addReconnectJitter } from '../../client/session/reconnectJitter';
import { freePort, startChildServer, type ChildServer } from '../helpers/childServer';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('reconnecting after a restart', () => {
  it('spreads a room’s reconnects over time instead of all at once, and every client resyncs', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-herd-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { PORT: String(await freePort()) };
    let server: ChildServer = await startChildServer(dataDir, env);
    cleanups.push(() => server.kill());
    const w = await createWorkshop(server.url);
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => join(server.url, w, 'participant', `P${i}`)));
    const clients = people.map((p) => {
      const c = connectRoom(server, boardRoom(w.id), p.token);
      addReconnectJitter(c.provider);
      cleanups.push(() => c.destroy());
      return c;
    });
    await Promise.all(clients.map((c) => c.synced));
    const waits: number[] = [];
    for (const c of clients) c.provider.once('connection-close', () => queueMicrotask(() => waits.push(c.provider.maxBackoffTime)));
    await server.kill('SIGKILL');
    await until(() => waits.length === clients.length, 'every client to notice the crash');
    // The stock provider would give every client the same wait; with jitter they differ.
    expect(new Set(waits).size).toBeGreaterThan(clients.length / 2);
    server = await startChildServer(dataDir, env);
    createNote(clients[0]!.doc, { text: 'after the restart', x: 0, y: 0, authorId: people[0]!.participantId });
    await until(() => clients.every((c) => c.provider.synced && readBoard(c.doc).notes.length === 1), 'every client to resync', 15_000);
  }, 30_000);
});
