import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, deleteNotes, moveNote, readBoard, setNoteLocked } from '@shared/schema/board';
import { updateSession } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';

interface Snapshot {
  id: number;
  createdAt: number;
  reason: string;
  noteCount: number;
}

const INTERVAL_MS = 3000;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { HISTORY_INTERVAL_MS: String(INTERVAL_MS) } });
});
afterAll(() => server.close());

async function history(w: CreatedWorkshop, token: string): Promise<Snapshot[]> {
  const res = await fetch(`${server.url}/api/workshops/${w.id}/history`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { snapshots: Snapshot[] }).snapshots;
}

function restore(w: CreatedWorkshop, token: string, id: number | string): Promise<Response> {
  return fetch(`${server.url}/api/workshops/${w.id}/history/${id}/restore`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
}

/** Polls an async lookup until it yields something. */
async function eventually<T>(find: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const notesOn = (doc: Y.Doc) => readBoard(doc).notes;

describe('version history', () => {
  it('brings back the board after a mistaken “select all, delete”, live for everyone, and can undo the restore', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    const b = connectRoom(server, boardRoom(w.id), fay.token);
    const control = connectRoom(server, controlRoom(w.id), fay.token);
    await Promise.all([a.synced, b.synced, control.synced]);
    // Notes go straight to the board once placing has started.
    updateSession(control.doc, { phase: 'place' });
    await eventually(async () => (await history(w, fay.token)).find((s) => s.reason === 'phase: place'), 'the phase change to arrive');
    const ids = ['Intranet', 'Customer forum', 'Open budget', 'Mission week'].map((text, i) =>
      createNote(a.doc, { text, x: i / 4 - 0.5, y: 0.3, authorId: ana.participantId }),
    );
    moveNote(a.doc, ids[0]!, -0.6, -0.6, ana.participantId);
    await until(() => notesOn(b.doc).length === 4, 'the facilitator to see the four notes');
    setNoteLocked(b.doc, ids[1]!, true);
    await until(() => notesOn(a.doc).find((n) => n.id === ids[1])?.locked === true, 'Ana to see the note locked');
    const original = notesOn(a.doc);

    // Moving on to voting saves the board as it is.
    updateSession(control.doc, { phase: 'vote' });
    const atVote = await eventually(async () => (await history(w, fay.token)).find((s) => s.reason === 'phase: vote'), 'a snapshot at the phase change');
    expect(atVote.noteCount).toBe(4);

    // The facilitator's mistake: select all, delete.
    deleteNotes(b.doc, ids);
    await until(() => notesOn(a.doc).length === 0, 'the deletion to reach Ana');

    const res = await restore(w, fay.token, atVote.id);
    expect(res.status).toBe(200);
    await until(() => notesOn(a.doc).length === 4 && notesOn(b.doc).length === 4, 'everyone to see the restored notes');
    expect(notesOn(a.doc)).toEqual(original);
    expect(notesOn(b.doc)).toEqual(original);

    // The restore saved the board first, so it can be undone from the same list.
    const before = (await history(w, fay.token)).find((s) => s.reason === 'before restore');
    expect(before?.noteCount).toBe(0);
    expect((await restore(w, fay.token, before!.id)).status).toBe(200);
    await until(() => notesOn(a.doc).length === 0, 'the undo of the restore to reach Ana');

    a.destroy();
    b.destroy();
    control.destroy();
  });

  it('keeps restored notes after everyone leaves and the room is reloaded', async () => {
    const s = await startTestServer({ env: { ROOM_IDLE_MS: '50' } });
    try {
      const w = await createWorkshop(s.url);
      const fay = await join(s.url, w, 'facilitator', 'Fay');
      const a = connectRoom(s, boardRoom(w.id), fay.token);
      await a.synced;
      createNote(a.doc, { text: 'Values charter', x: -0.5, y: 0.5, authorId: fay.participantId });
      const listed = async () => {
        const res = await fetch(`${s.url}/api/workshops/${w.id}/history`, { headers: { authorization: `Bearer ${fay.token}` } });
        return ((await res.json()) as { snapshots: Snapshot[] }).snapshots;
      };
      const first = await eventually(async () => (await listed()).find((x) => x.noteCount === 1), 'the first edit to be saved');
      deleteNotes(a.doc, [...readBoard(a.doc).notes.map((n) => n.id)]);
      await until(async () => (await s.server.deps.docs.readDoc(boardRoom(w.id), (d) => readBoard(d).notes.length)) === 0, 'the server to have the deletion');
      a.destroy();
      await until(() => !s.server.rooms.rooms.has(boardRoom(w.id)), 'the board room to unload');

      const res = await fetch(`${s.url}/api/workshops/${w.id}/history/${first.id}/restore`, { method: 'POST', headers: { authorization: `Bearer ${fay.token}` } });
      expect(res.status).toBe(200);
      const again = connectRoom(s, boardRoom(w.id), fay.token);
      await again.synced;
      expect(notesOn(again.doc).map((n) => n.text)).toEqual(['Values charter']);
      again.destroy();
    } finally {
      await s.close();
    }
  });

  it('saves a board being edited at most once per interval, keeping the latest state', async () => {
    const w = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const a = connectRoom(server, boardRoom(w.id), fay.token);
    await a.synced;
    createNote(a.doc, { text: 'first', x: 0, y: 0, authorId: fay.participantId });
    const first = await eventually(async () => (await history(w, fay.token)).find((s) => s.reason === 'periodic'), 'the first edit to be saved');
    expect(first.noteCount).toBe(1);
    createNote(a.doc, { text: 'second', x: 0.2, y: 0, authorId: fay.participantId });
    createNote(a.doc, { text: 'third', x: 0.4, y: 0, authorId: fay.participantId });
    const fresh = connectRoom(server, boardRoom(w.id), fay.token);
    await until(() => notesOn(fresh.doc).length === 3, 'the server to hold three notes');
    // Within the interval the later edits wait for the next snapshot.
    expect((await history(w, fay.token)).filter((s) => s.reason === 'periodic')).toHaveLength(1);
    const second = await eventually(
      async () => (await history(w, fay.token)).find((s) => s.reason === 'periodic' && s.id !== first.id),
      'the snapshot at the end of the interval',
      INTERVAL_MS + 3000,
    );
    expect(second.noteCount).toBe(3);
    // A timer may fire a few milliseconds early by the wall clock; the point is that it waited for the interval.
    expect(second.createdAt - first.createdAt).toBeGreaterThanOrEqual(INTERVAL_MS - 25);
    a.destroy();
    fresh.destroy();
  });

  it('shows and restores history only for facilitators of that workshop', async () => {
    const w = await createWorkshop(server.url);
    const other = await createWorkshop(server.url);
    const fay = await join(server.url, w, 'facilitator', 'Fay');
    const ana = await join(server.url, w, 'participant', 'Ana');
    const vic = await join(server.url, w, 'viewer', 'Projector');
    const eve = await join(server.url, other, 'facilitator', 'Eve');
    const a = connectRoom(server, boardRoom(w.id), ana.token);
    await a.synced;
    createNote(a.doc, { text: 'mine', x: 0, y: 0, authorId: ana.participantId });
    const snap = await eventually(async () => (await history(w, fay.token))[0], 'a snapshot');

    for (const token of [ana.token, vic.token]) {
      const list = await fetch(`${server.url}/api/workshops/${w.id}/history`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(403);
      expect(((await list.json()) as { error: string }).error).toMatch(/facilitator/);
      expect((await restore(w, token, snap.id)).status).toBe(403);
    }
    expect((await restore(w, eve.token, snap.id)).status).toBe(403);
    const unauthenticated = await fetch(`${server.url}/api/workshops/${w.id}/history`);
    expect(unauthenticated.status).toBe(401);
    for (const bad of ['999999', '0', 'abc', '1e3', '-1']) {
      const res = await restore(w, fay.token, bad);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'snapshot not found' });
    }
    // Another workshop's snapshot id does not open this board's history.
    const otherSnapshots = await (async () => {
      const e = connectRoom(server, boardRoom(other.id), eve.token);
      await e.synced;
      createNote(e.doc, { text: 'theirs', x: 0, y: 0, authorId: eve.participantId });
      const res = await eventually(async () => (await history(other, eve.token))[0], 'the other board’s snapshot');
      e.destroy();
      return res;
    })();
    expect((await restore(w, fay.token, otherSnapshots.id)).status).toBe(404);
    expect(notesOn(a.doc).map((n) => n.text)).toEqual(['mine']);
    a.destroy();
  });
});
