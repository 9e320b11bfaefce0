import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { boardRoom } from '@shared/rooms';
import { createNote, moveNote, readBoard } from '@shared/schema/board';
import { startChildServer, type ChildServer } from '../helpers/childServer';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { pace } from '../helpers/waits';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('durability', () => {
  it('keeps every update another client had received when the server is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let server: ChildServer = await startChildServer(dataDir, { COMPACT_EVERY: '25' });
    cleanups.push(() => server.kill());
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const ben = await join(server.url, w, 'participant', 'Ben');
    const a: RoomClient = connectRoom(server, boardRoom(w.id), ana.token);
    const b: RoomClient = connectRoom(server, boardRoom(w.id), ben.token);
    cleanups.push(() => a.destroy(), () => b.destroy());
    await Promise.all([a.synced, b.synced]);

    // Ana writes and moves notes as fast as the loop allows, across several compactions.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const id = createNote(a.doc, { text: `note ${i}`, x: 1.5, y: 0, authorId: ana.participantId });
        moveNote(a.doc, id, (i % 20) / 10 - 1, 0.5, ana.participantId);
        await pace(2);
      }
    })();
    await until(() => readBoard(b.doc).notes.length >= 120, 'Ben to receive 120 notes', 15_000);
    await server.kill('SIGKILL');
    writing = false;
    await writer;
    const seenByBen = readBoard(b.doc).notes.map((n) => n.id);
    const benClock = Y.decodeStateVector(Y.encodeStateVector(b.doc));
    b.provider.disconnect();
    a.provider.disconnect();

    server = await startChildServer(dataDir);
    const carl = await join(server.url, w, 'participant', 'Carl');
    const c = connectRoom(server, boardRoom(w.id), carl.token);
    cleanups.push(() => c.destroy());
    await c.synced;
    // Everything Ben received is in the store: the restarted server's clock covers Ben's for every writer.
    const stored = Y.decodeStateVector(Y.encodeStateVector(c.doc));
    const behind = [...benClock].filter(([client, clock]) => (stored.get(client) ?? 0) < clock);
    const storedIds = new Set(readBoard(c.doc).notes.map((n) => n.id));
    expect(seenByBen.length).toBeGreaterThanOrEqual(120);
    expect(behind).toEqual([]);
    expect(seenByBen.filter((id) => !storedIds.has(id))).toEqual([]);
  }, 60_000);

  it('stores offline edits when their writer comes back after a restart', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-offline-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let server = await startChildServer(dataDir);
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    // The server stores an update before it passes it on: once a second tab has the note, it is on disk.
    const tab = connectRoom(server, boardRoom(w.id), ana.token);
    cleanups.push(() => a.destroy(), () => tab.destroy());
    await Promise.all([a.synced, tab.synced]);
    createNote(a.doc, { text: 'before', x: -0.5, y: -0.5, authorId: ana.participantId });
    await until(() => readBoard(tab.doc).notes.length === 1, 'the first note to be stored');
    await server.kill('SIGKILL');
    tab.destroy();
    createNote(a.doc, { text: 'written offline', x: 0.5, y: -0.5, authorId: ana.participantId });

    server = await startChildServer(dataDir);
    cleanups.push(() => server.kill());
    a.provider.disconnect();
    a.provider.serverUrl = server.wsUrl;
    a.provider.connect();
    const ben = await join(server.url, w, 'participant', 'Ben');
    const b = connectRoom(server, boardRoom(w.id), ben.token);
    cleanups.push(() => b.destroy());
    await until(() => readBoard(b.doc).notes.length === 2, 'the offline note to reach Ben', 10_000);
    expect(readBoard(b.doc).notes.map((n) => n.text).sort()).toEqual(['before', 'written offline']);
  }, 60_000);

  it('flushes everything and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'fp-term-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let server = await startChildServer(dataDir, { ROOM_IDLE_MS: '600000' });
    const w = await createWorkshop(server.url);
    const ana = await join(server.url, w, 'participant', 'Ana');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    const tab = connectRoom(server, boardRoom(w.id), ana.token);
    cleanups.push(() => a.destroy(), () => tab.destroy());
    await Promise.all([a.synced, tab.synced]);
    for (let i = 0; i < 30; i++) createNote(a.doc, { text: `n${i}`, x: 0, y: 0, authorId: ana.participantId });
    // Shutting down may lose what is still on the way; what the server holds (a second tab sees it) it must keep.
    await until(() => readBoard(tab.doc).notes.length === 30, 'the server to hold all 30 notes');
    const code = await server.kill('SIGTERM');
    expect(code).toBe(0);
    expect(server.lines.some((l) => l.includes('server stopped'))).toBe(true);
    a.provider.disconnect();

    server = await startChildServer(dataDir);
    cleanups.push(() => server.kill());
    const b = connectRoom(server, boardRoom(w.id), ana.token);
    cleanups.push(() => b.destroy());
    await b.synced;
    expect(readBoard(b.doc).notes).toHaveLength(30);
  }, 60_000);
});
