import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote } from '@shared/schema/board';
import { readVotes, setPhase, updateSession, votesOf } from '@shared/schema/control';
import type { Summary } from '@shared/summary/types';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { quietFor } from '../helpers/waits';

const BATCH_MS = 300;
let server: TestServer;
const clients: RoomClient[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { VOTE_TOTALS_BATCH_MS: String(BATCH_MS) } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

async function vote(w: CreatedWorkshop, who: Joined, noteId: string, delta: 1 | -1): Promise<number> {
  const res = await fetch(`${server.url}/api/workshops/${w.id}/votes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
    body: JSON.stringify({ noteId, delta }),
  });
  return res.status;
}

async function summaryFor(w: CreatedWorkshop, who: Joined): Promise<Summary> {
  const res = await fetch(`${server.url}/api/workshops/${w.id}/summary.json`, { headers: { authorization: `Bearer ${who.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
}

/** A vote with totals shown to everyone, three notes, and a viewer watching the control room. */
async function openVote() {
  const w = await createWorkshop(server.url);
  const fay = await join(server.url, w, 'facilitator', 'Fay');
  const [ana, ben, vic] = await Promise.all([join(server.url, w, 'participant', 'Ana'), join(server.url, w, 'participant', 'Ben'), join(server.url, w, 'viewer', 'Vic')]);
  const board = connectRoom(server, boardRoom(w.id), fay.token);
  const control = connectRoom(server, controlRoom(w.id), fay.token);
  const watcher = connectRoom(server, controlRoom(w.id), vic.token);
  clients.push(board, control, watcher);
  await Promise.all([board.synced, control.synced, watcher.synced]);
  const notes = ['Intranet wiki', 'Customer forum', 'Values week'].map((text, i) => createNote(board.doc, { text, x: -0.5 + i * 0.4, y: 0.5, authorId: fay.participantId }));
  updateSession(control.doc, { phase: 'vote', voting: { perParticipant: 3, severalPerNote: false, totalsVisible: true } });
  await until(async () => (await server.server.deps.docs.readDoc(boardRoom(w.id), (d) => d.getMap('notes').size)) === 3, 'the notes');
  await until(async () => (await server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('phase'))) === 'vote', 'the vote phase');
  // Every change to the totals the viewer sees, as the set of notes it touched.
  const changes: string[][] = [];
  votesOf(watcher.doc).observe((e) => changes.push([...e.keysChanged].sort()));
  return { w, fay, ana, ben, vic, control, watcher, notes, changes };
}

describe('votes stay anonymous while a vote is open', () => {
  it('never shows one person’s vote alone in the live totals: it waits for a second voter, then both change together', async () => {
    const { w, ana, ben, watcher, notes, changes } = await openVote();
    expect(await vote(w, ana, notes[0]!, 1)).toBe(200);
    // Several batch intervals pass with only Ana's vote pending: nothing is published.
    await quietFor(BATCH_MS * 3);
    expect(readVotes(watcher.doc).size).toBe(0);

    expect(await vote(w, ben, notes[1]!, 1)).toBe(200);
    await until(async () => readVotes(watcher.doc).size === 2, 'the totals of two voters', BATCH_MS * 10);
    expect(changes).toEqual([[notes[0]!, notes[1]!].sort()]);
    expect(Object.fromEntries(readVotes(watcher.doc))).toEqual({ [notes[0]!]: 1, [notes[1]!]: 1 });
  });

  it('gives participants and viewers no per-person vote counts, and no totals fresher than the published ones, in summary.json', async () => {
    const { w, fay, ana, vic, notes } = await openVote();
    expect(await vote(w, ana, notes[0]!, 1)).toBe(200);
    expect(await vote(w, ana, notes[2]!, 1)).toBe(200);
    for (const who of [ana, vic]) {
      const summary = await summaryFor(w, who);
      expect(summary.participation.map((r) => r.votes)).toEqual(summary.participation.map(() => null));
      expect(summary.totals.votes).toBe(0);
    }
    // The facilitator runs the vote and sees it as it is.
    const facilitatorView = await summaryFor(w, fay);
    expect(facilitatorView.participation.find((r) => r.participantId === ana.participantId)?.votes).toBe(2);
  });

  it('publishes every total when the vote closes, even a lone voter’s', async () => {
    const { w, ana, vic, control, watcher, notes } = await openVote();
    expect(await vote(w, ana, notes[2]!, 1)).toBe(200);
    setPhase(control.doc, 'discuss');
    await until(async () => readVotes(watcher.doc).get(notes[2]!) === 1, 'the final totals', BATCH_MS * 10);
    const after = await summaryFor(w, vic);
    expect(after.participation.find((r) => r.participantId === ana.participantId)?.votes).toBe(1);
  });
});
