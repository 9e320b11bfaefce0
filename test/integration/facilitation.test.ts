import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote, deleteNotes, moveNote, notesOf, readBoard, setNoteLocked, setNoteText } from '@shared/schema/board';
import { readProgress, readSession, sessionOf, setPhase, updateSession, votesOf } from '@shared/schema/control';
import { useSharedServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { until, } from '../helpers/clients';
import { openRaw } from '../helpers/rawSocket';

const shared = useSharedServer();
const connect = shared.connect;

/** Sends a document's whole state as one y-websocket update on a bare socket; resolves when the server refuses it. */
async function rawWriteIsRefused(room: string, who: Joined, write: (doc: Y.Doc) => void): Promise<void> {
  const socket = openRaw(shared.server.wsUrl, room, who.token);
  shared.onCleanup(() => socket.ws.close());
  await socket.open;
  const doc = new Y.Doc();
  write(doc);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
  socket.ws.send(encoding.toUint8Array(e));
  // Message type 2 is the protocol's "permission denied".
  await until(async () => socket.received.some((m) => m[0] === 2), `the server to refuse the write to ${room}`);
}

const serverSession = (w: { id: string }) => shared.server.server.deps.docs.readDoc(controlRoom(w.id), readSession);
const serverNotes = (w: { id: string }) => shared.server.server.deps.docs.readDoc(boardRoom(w.id), (d) => readBoard(d).notes);

interface People {
  w: CreatedWorkshop;
  fay: Joined;
  ana: Joined;
  ben: Joined;
  vic: Joined;
}

async function people(): Promise<People> {
  const w = await createWorkshop(shared.server.url);
  return {
    w,
    fay: await join(shared.server.url, w, 'facilitator', 'Fay'),
    ana: await join(shared.server.url, w, 'participant', 'Ana'),
    ben: await join(shared.server.url, w, 'participant', 'Ben'),
    vic: await join(shared.server.url, w, 'viewer', 'Projector'),
  };
}

async function post(path: string, who: Joined | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${who.token}`;
  const res = await fetch(`${shared.server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the session (control room)', () => {
  it('applies no write from participants or viewers, however they send it', async () => {
    const { w, ana, vic } = await people();
    for (const who of [ana, vic]) {
      await rawWriteIsRefused(controlRoom(w.id), who, (doc) => {
        sessionOf(doc).set('phase', 'done');
        sessionOf(doc).set('locked', true);
        votesOf(doc).set('some-note', 99);
      });
    }
    expect((await serverSession(w))).toMatchObject({ phase: 'collect', locked: false });
    expect((await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => votesOf(d).size))).toBe(0);
  });

  it('closes a facilitator’s socket with 4422 for a malformed session value and keeps the stored session', async () => {
    const { w, fay } = await people();
    const now = Date.now();
    const bad: Array<[string, (doc: Y.Doc) => void]> = [
      ['unknown phase', (d) => sessionOf(d).set('phase', 'party')],
      ['lock as text', (d) => sessionOf(d).set('locked', 'yes')],
      ['anonymous as a number', (d) => sessionOf(d).set('anonymous', 1)],
      ['50 votes each', (d) => sessionOf(d).set('voting', { perParticipant: 50, severalPerNote: false, totalsVisible: false })],
      ['extra voting field', (d) => sessionOf(d).set('voting', { perParticipant: 3, severalPerNote: false, totalsVisible: false, weight: 2 })],
      ['negative timer', (d) => sessionOf(d).set('timer', { durationMs: -5, startedAt: null, pausedRemainingMs: null })],
      ['timer from next year', (d) => sessionOf(d).set('timer', { durationMs: 60_000, startedAt: now + 365 * 86_400_000, pausedRemainingMs: null })],
      ['numeric presenter', (d) => sessionOf(d).set('presenterId', 42)],
      ['spotlight path', (d) => sessionOf(d).set('spotlightNoteId', '../board')],
      ['unknown field', (d) => sessionOf(d).set('confetti', true)],
      ['removed phase', (d) => sessionOf(d).delete('phase')],
      ['vote totals', (d) => votesOf(d).set('n1', 5)],
    ];
    for (const [what, write] of bad) {
      const f = connect(controlRoom(w.id), fay);
      await f.synced;
      write(f.doc);
      const closed = await f.closed;
      expect(closed.code, what).toBe(4422);
      expect(closed.reason.length, what).toBeGreaterThan(0);
      f.destroy();
    }
    expect((await serverSession(w))).toMatchObject({ phase: 'collect', locked: false, timer: null, presenterId: null, spotlightNoteId: null });
    const fresh = connect(controlRoom(w.id), fay);
    await fresh.synced;
    expect(sessionOf(fresh.doc).has('confetti')).toBe(false);
    expect(readSession(fresh.doc).voting.perParticipant).toBe(3);
  });

  it('lets a facilitator drive every session field and shows it to everyone', async () => {
    const { w, fay, ana } = await people();
    const f = connect(controlRoom(w.id), fay);
    const a = connect(controlRoom(w.id), ana);
    await Promise.all([f.synced, a.synced]);
    const timer = { durationMs: 300_000, startedAt: Date.now(), pausedRemainingMs: null, autoAdvance: false };
    updateSession(f.doc, {
      phase: 'vote',
      locked: true,
      timer,
      voting: { perParticipant: 5, severalPerNote: true, totalsVisible: true },
      presenterId: fay.participantId,
      spotlightNoteId: 'note-1',
      follow: true,
      takeawaysOpen: true,
      anonymous: true,
    });
    await until(async () => readSession(a.doc).phase === 'vote', 'Ana to see the session');
    expect(readSession(a.doc)).toEqual({
      phase: 'vote',
      locked: true,
      timer,
      voting: { perParticipant: 5, severalPerNote: true, totalsVisible: true },
      presenterId: fay.participantId,
      spotlightNoteId: 'note-1',
      follow: true,
      takeawaysOpen: true,
      anonymous: true,
    });
  });
});

describe('locking', () => {
  it('applies no participant write to a locked board, while the facilitator can still edit', async () => {
    const { w, fay, ana } = await people();
    const control = connect(controlRoom(w.id), fay);
    const board = connect(boardRoom(w.id), fay);
    await Promise.all([control.synced, board.synced]);
    updateSession(control.doc, { locked: true });
    await until(async () => (await serverSession(w)).locked, 'the lock');
    await rawWriteIsRefused(boardRoom(w.id), ana, (doc) => void createNote(doc, { text: 'sneaky', x: 0, y: 0, authorId: ana.participantId }));
    createNote(board.doc, { text: 'facilitator note', x: 0.5, y: 0.5, authorId: fay.participantId });
    await until(async () => (await serverNotes(w)).length === 1, 'the facilitator’s note');
    expect((await serverNotes(w)).map((n) => n.text)).toEqual(['facilitator note']);

    updateSession(control.doc, { locked: false });
    await until(async () => !(await serverSession(w)).locked, 'the unlock');
    const a = connect(boardRoom(w.id), ana);
    await a.synced;
    createNote(a.doc, { text: 'after the lock', x: -0.5, y: 0.5, authorId: ana.participantId });
    await until(async () => (await serverNotes(w)).length === 2, 'Ana’s note once unlocked');
  });

  it('refuses every participant change to a locked note, and lets the facilitator change it', async () => {
    const { w, fay, ana } = await people();
    const board = connect(boardRoom(w.id), fay);
    await board.synced;
    const id = createNote(board.doc, { text: 'Agreed: pilot in Q3', x: 0.5, y: 0.5, authorId: ana.participantId });
    setNoteLocked(board.doc, id, true);
    await until(async () => (await serverNotes(w))[0]?.locked === true, 'the locked note');

    const attempts: Array<[string, (doc: Y.Doc) => void]> = [
      ['edit its text', (d) => setNoteText(d, id, 'Agreed: never')],
      ['move it', (d) => moveNote(d, id, -0.5, -0.5, ana.participantId)],
      ['delete it', (d) => deleteNotes(d, [id])],
      ['unlock it', (d) => setNoteLocked(d, id, false)],
      ['replace it', (d) => void createNote(d, { id, text: 'replacement', x: 0, y: 0, authorId: ana.participantId })],
    ];
    for (const [what, attempt] of attempts) {
      const a = connect(boardRoom(w.id), ana);
      await a.synced;
      attempt(a.doc);
      await until(async () => a.denied.length > 0, `the refusal to ${what}`);
      expect(a.denied[0], what).toMatch(/locked by the facilitator|lock or unlock/);
    }
    expect((await serverNotes(w))).toMatchObject([{ id, text: 'Agreed: pilot in Q3', x: 0.5, y: 0.5, locked: true }]);

    setNoteText(board.doc, id, 'Agreed: pilot in Q2');
    setNoteLocked(board.doc, id, false);
    await until(async () => (await serverNotes(w))[0]?.locked === false, 'the facilitator’s unlock');
    const a = connect(boardRoom(w.id), ana);
    await a.synced;
    moveNote(a.doc, id, -0.5, 0.5, ana.participantId);
    await until(async () => (await serverNotes(w))[0]?.x === -0.5, 'Ana’s move of the unlocked note');
    expect((await serverNotes(w))[0]!.text).toBe('Agreed: pilot in Q2');
  });

  it('refuses a participant who locks a note, even their own', async () => {
    const { w, ana } = await people();
    const a = connect(boardRoom(w.id), ana);
    await a.synced;
    const id = createNote(a.doc, { text: 'mine', x: 0, y: 0, authorId: ana.participantId });
    await until(async () => (await serverNotes(w)).length === 1, 'the note');
    setNoteLocked(a.doc, id, true);
    await until(async () => a.denied.length > 0, 'the refusal to lock');
    expect(a.denied[0]).toMatch(/lock/);
    const b = connect(boardRoom(w.id), ana);
    await b.synced;
    b.doc.transact(() => {
      const fresh = createNote(b.doc, { text: 'born locked', x: 0, y: 0, authorId: ana.participantId });
      notesOf(b.doc).get(fresh)!.set('locked', true);
    });
    await until(async () => b.denied.length > 0, 'the refusal of a note born locked');
    expect(b.denied[0]).toMatch(/lock/);
    expect((await serverNotes(w))).toMatchObject([{ id, locked: false }]);
  });
});

describe('authorship', () => {
  it('lets participants add notes only in their own name, and facilitators in anyone’s', async () => {
    const { w, fay, ana, ben } = await people();
    const a = connect(boardRoom(w.id), ana);
    await a.synced;
    createNote(a.doc, { text: 'Ben said this', x: 0, y: 0, authorId: ben.participantId });
    await until(async () => a.denied.length > 0, 'the refusal');
    expect(a.denied[0]).toMatch(/in your own name/);

    const own = connect(boardRoom(w.id), ana);
    await own.synced;
    const id = createNote(own.doc, { text: 'my own idea', x: 0, y: 0, authorId: ana.participantId });
    await until(async () => (await serverNotes(w)).length === 1, 'Ana’s own note');
    own.doc.transact(() => notesOf(own.doc).get(id)!.set('authorId', ben.participantId));
    await until(async () => own.denied.length > 0, 'the refusal to change the author');
    expect(own.denied[0]).toMatch(/author cannot be changed/);

    const f = connect(boardRoom(w.id), fay);
    await f.synced;
    createNote(f.doc, { text: 'Ben, from the room', x: 0.5, y: 0, authorId: ben.participantId });
    await until(async () => (await serverNotes(w)).length === 2, 'the note written for Ben');
    expect((await serverNotes(w)).map((n) => [n.text, n.authorId])).toEqual([
      ['my own idea', ana.participantId],
      ['Ben, from the room', ben.participantId],
    ]);
  });
});

describe('"I’m done" and the server clock', () => {
  it('shows the facilitator who is done, and clears it at the next phase', async () => {
    const { w, fay, ana, ben, vic } = await people();
    const f = connect(controlRoom(w.id), fay);
    await f.synced;
    expect(await post(`/api/workshops/${w.id}/done`, ana, { done: true })).toEqual({ status: 200, body: { done: true } });
    expect((await post(`/api/workshops/${w.id}/done`, ben, { done: true })).status).toBe(200);
    expect((await post(`/api/workshops/${w.id}/done`, ben, { done: false })).status).toBe(200);
    await until(async () => readProgress(f.doc).get(ana.participantId)?.done === true, 'Ana done');
    await until(async () => readProgress(f.doc).get(ben.participantId)?.done === false, 'Ben not done after all');

    for (const [who, body, status] of [
      [vic, { done: true }, 403],
      [null, { done: true }, 401],
      [ana, { done: 'yes' }, 400],
      [ana, {}, 400],
    ] as const) {
      const r = await post(`/api/workshops/${w.id}/done`, who, body);
      expect(r.status).toBe(status);
      expect(typeof r.body.error).toBe('string');
    }
    expect(readProgress(f.doc).has(vic.participantId)).toBe(false);

    setPhase(f.doc, 'place');
    await until(async () => readProgress(f.doc).get(ana.participantId)?.done === false, 'done cleared by the phase change');
  });

  it('tells the time on the server’s clock', async () => {
    const before = Date.now();
    const res = await fetch(`${shared.server.url}/api/time`);
    const after = Date.now();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { now } = (await res.json()) as { now: number };
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });

  it('moves to the next phase when an auto-advancing timer runs out, and resets the timer', async () => {
    const { w, fay, ana } = await people();
    const f = connect(controlRoom(w.id), fay);
    const a = connect(controlRoom(w.id), ana);
    await Promise.all([f.synced, a.synced]);
    setPhase(f.doc, 'place');
    updateSession(f.doc, { timer: { durationMs: 1000, startedAt: Date.now(), pausedRemainingMs: null, autoAdvance: true } });
    await until(async () => readSession(a.doc).phase === 'vote', 'the timer to move everyone to voting');
    expect(readSession(a.doc).timer).toEqual({ durationMs: 1000, startedAt: null, pausedRemainingMs: null, autoAdvance: true });
  });
});
