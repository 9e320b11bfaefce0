import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, deleteNotes, moveNote, readBoard } from '@shared/schema/board';
import { setPhase } from '@shared/schema/control';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join } from '../helpers/workshop';
import { connectRoom, until } from '../helpers/clients';

const MAX_DOC_BYTES = 40_000;

function boardBytes(server: TestServer, workshopId: string): number {
  return Y.encodeStateAsUpdate(server.server.rooms.rooms.get(boardRoom(workshopId))!.doc).byteLength;
}

describe('limits that hold', () => {
  it('counts the board’s size truthfully across compaction and restart, and a full board still takes moves and deletions', async () => {
    const first = await startTestServer({ env: { MAX_DOC_BYTES: String(MAX_DOC_BYTES), COMPACT_EVERY: '5' } });
    const w = await createWorkshop(first.url);
    const fay = await join(first.url, w, 'facilitator', 'Fay');
    const ana = await join(first.url, w, 'participant', 'Ana');
    const a = connectRoom(first, boardRoom(w.id), ana.token);
    await a.synced;
    let written = 0;
    // Compaction every five updates used to reset the count, so this loop never ended.
    while (a.denied.length === 0 && written < 400) {
      createNote(a.doc, { text: `${written} `.padEnd(400, 'x'), x: 0.5, y: 0.5, authorId: ana.participantId });
      written++;
      await until(() => a.denied.length > 0 || first.server.rooms.rooms.get(boardRoom(w.id))!.doc.getMap('notes').size === written, 'the note or its refusal');
    }
    expect(a.denied[0]).toMatch(/size limit/);
    expect(boardBytes(first, w.id)).toBeLessThanOrEqual(MAX_DOC_BYTES * 1.25);
    a.destroy();
    const dataDir = first.dataDir;
    await first.close({ keepData: true });

    const again = await startTestServer({ dataDir, env: { MAX_DOC_BYTES: String(MAX_DOC_BYTES), COMPACT_EVERY: '5' } });
    try {
      const f = connectRoom(again, boardRoom(w.id), fay.token);
      const a2 = connectRoom(again, boardRoom(w.id), ana.token);
      await Promise.all([f.synced, a2.synced]);
      const notes = readBoard(f.doc).notes;
      expect(notes.length).toBe(written - 1);
      createNote(a2.doc, { text: 'one more'.padEnd(400, 'x'), x: 0, y: 0, authorId: ana.participantId });
      await until(() => a2.denied.length > 0, 'the full board to refuse a new note');
      const f2 = connectRoom(again, boardRoom(w.id), fay.token);
      await f2.synced;
      moveNote(f2.doc, notes[0]!.id, -0.5, -0.5, fay.participantId);
      deleteNotes(f2.doc, [notes[1]!.id]);
      await until(() => {
        const seen = readBoard(f.doc).notes;
        return seen.length === written - 2 && seen.some((n) => n.id === notes[0]!.id && n.x === -0.5);
      }, 'the facilitator’s move and delete on the full board');
      expect(f2.denied).toEqual([]);
      f.destroy();
      f2.destroy();
      a2.destroy();
    } finally {
      await again.close();
    }
  });

  it('reveals no more drafts than MAX_NOTES allows and keeps the rest in their writers’ drafts', async () => {
    const server = await startTestServer({ env: { MAX_NOTES: '5' } });
    try {
      const w = await createWorkshop(server.url);
      const fay = await join(server.url, w, 'facilitator', 'Fay');
      const [ana, ben] = await Promise.all(['Ana', 'Ben'].map((n) => join(server.url, w, 'participant', n)));
      const control = connectRoom(server, controlRoom(w.id), fay.token);
      const board = connectRoom(server, boardRoom(w.id), fay.token);
      const da = connectRoom(server, draftsRoom(w.id, ana!.participantId), ana!.token);
      const db = connectRoom(server, draftsRoom(w.id, ben!.participantId), ben!.token);
      await Promise.all([control.synced, board.synced, da.synced, db.synced]);
      for (let i = 0; i < 3; i++) createNote(board.doc, { text: `on the board ${i}`, x: -0.5, y: 0.5, authorId: fay.participantId });
      for (const [d, who] of [[da, ana!], [db, ben!]] as const) {
        for (let i = 0; i < 2; i++) createNote(d.doc, { text: `${who.participantId} draft ${i}`, x: 0, y: 0, authorId: who.participantId });
      }
      await until(() => readBoard(da.doc).notes.length === 2 && readBoard(db.doc).notes.length === 2 && readBoard(board.doc).notes.length === 3, 'drafts and board');
      await until(() => server.server.rooms.rooms.get(boardRoom(w.id))!.doc.getMap('notes').size === 3, 'the board stored');
      setPhase(control.doc, 'place');
      await until(() => readBoard(board.doc).notes.length === 5, 'the reveal');
      await until(() => readBoard(da.doc).notes.length + readBoard(db.doc).notes.length === 2, 'the kept drafts');
      createNote(board.doc, { text: 'one too many', x: 0, y: 0, authorId: fay.participantId });
      await until(() => board.denied.length > 0, 'the board to refuse a sixth note');
      deleteNotes(board.doc, [readBoard(board.doc).notes[0]!.id]);
      expect(board.provider.wsconnected).toBe(true);
      for (const c of [control, board, da, db]) c.destroy();
    } finally {
      await server.close();
    }
  });
});
