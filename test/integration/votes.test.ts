import { describe, expect, it } from 'vitest';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote } from '@shared/schema/board';
import { readVotes, setPhase, updateSession, votesOf, type VotingSettings } from '@shared/schema/control';
import { useSharedServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { until, type RoomClient } from '../helpers/clients';

const shared = useSharedServer();
const connect = shared.connect;

async function vote(w: { id: string }, who: Joined | null, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) headers.authorization = `Bearer ${who.token}`;
  const res = await fetch(`${shared.server.url}/api/workshops/${w.id}/votes`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function mine(w: { id: string }, who: Joined, onBehalfOf?: string): Promise<{ remaining: number; notes: Record<string, number> }> {
  const query = onBehalfOf ? `?onBehalfOf=${onBehalfOf}` : '';
  const res = await fetch(`${shared.server.url}/api/workshops/${w.id}/votes/mine${query}`, { headers: { authorization: `Bearer ${who.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { remaining: number; notes: Record<string, number> };
}

interface VotingRoom {
  w: CreatedWorkshop;
  fay: Joined;
  ana: Joined;
  ben: Joined;
  control: RoomClient;
  notes: string[];
}

/** A workshop in the vote phase with three notes on the board. */
async function votingRoom(voting: Partial<VotingSettings> = {}): Promise<VotingRoom> {
  const w = await createWorkshop(shared.server.url);
  const fay = await join(shared.server.url, w, 'facilitator', 'Fay');
  const ana = await join(shared.server.url, w, 'participant', 'Ana');
  const ben = await join(shared.server.url, w, 'participant', 'Ben');
  const board = connect(boardRoom(w.id), fay);
  const control = connect(controlRoom(w.id), fay);
  await Promise.all([board.synced, control.synced]);
  const notes = ['Intranet wiki', 'Customer forum', 'Values week'].map((text, i) => createNote(board.doc, { text, x: -0.5 + i * 0.4, y: 0.5, authorId: fay.participantId }));
  updateSession(control.doc, { phase: 'vote', voting: { perParticipant: 3, severalPerNote: false, totalsVisible: false, ...voting } });
  await until(async () => control.provider.ws?.bufferedAmount === 0 && board.provider.ws?.bufferedAmount === 0, 'the setup to be sent');
  await until(async () => (await shared.server.server.deps.docs.readDoc(boardRoom(w.id), (d) => d.getMap('notes').size)) === 3, 'the notes to arrive');
  await until(async () => (await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('phase'))) === 'vote', 'the vote phase');
  return { w, fay, ana, ben, control, notes };
}

describe('dot voting', () => {
  it('tells only the facilitator how many people have voted, and publishes nothing per person', async () => {
    const { w, fay, ana, ben, control, notes } = await votingRoom();
    const progress = (who: Joined) => fetch(`${shared.server.url}/api/workshops/${w.id}/votes/progress`, { headers: { authorization: `Bearer ${who.token}` } });
    expect((await vote(w, ana, { noteId: notes[1], delta: 1 })).status).toBe(200);
    expect(await (await progress(fay)).json()).toEqual({ voted: 1 });
    expect((await progress(ben)).status).toBe(403);
    expect(JSON.stringify(control.doc.getMap('progress').toJSON())).not.toMatch(/vote/);
    expect((await vote(w, ana, { noteId: notes[1], delta: -1 })).status).toBe(200);
    expect(await (await progress(fay)).json()).toEqual({ voted: 0 });
  });

  it('lets exactly 3 of 20 simultaneous votes through when the budget is 3', async () => {
    const { w, ana, notes } = await votingRoom({ perParticipant: 3, severalPerNote: true });
    const results = await Promise.all(Array.from({ length: 20 }, () => vote(w, ana, { noteId: notes[0], delta: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(17);
    for (const r of refused) expect(r).toMatchObject({ status: 422, body: { error: expect.stringContaining('spent') } });
    expect(await mine(w, ana)).toEqual({ remaining: 0, notes: { [notes[0]!]: 3 } });
  });

  it('spreads 20 simultaneous votes over several notes without overspending', async () => {
    const { w, ana, notes } = await votingRoom({ perParticipant: 2, severalPerNote: false });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => vote(w, ana, { noteId: notes[i % 3], delta: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const { remaining, notes: voted } = await mine(w, ana);
    expect(remaining).toBe(0);
    expect(Object.values(voted)).toEqual([1, 1]);
  });

  it('refuses a second vote on one note when the facilitator allows one per note, and lets a vote be taken back', async () => {
    const { w, ana, notes } = await votingRoom({ severalPerNote: false });
    expect((await vote(w, ana, { noteId: notes[1], delta: 1 })).status).toBe(200);
    const again = await vote(w, ana, { noteId: notes[1], delta: 1 });
    expect(again).toMatchObject({ status: 422, body: { error: 'one vote per note in this workshop' } });
    const back = await vote(w, ana, { noteId: notes[1], delta: -1 });
    expect(back).toMatchObject({ status: 200, body: { remaining: 3, notes: {} } });
    expect(await vote(w, ana, { noteId: notes[1], delta: -1 })).toMatchObject({ status: 422, body: { error: expect.stringContaining('no vote') } });
  });

  it('refuses votes outside the vote phase with 409', async () => {
    const { w, ana, control, notes } = await votingRoom();
    for (const phase of ['collect', 'place', 'discuss', 'done'] as const) {
      setPhase(control.doc, phase);
      await until(async () => (await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => d.getMap('session').get('phase'))) === phase, phase);
      const r = await vote(w, ana, { noteId: notes[0], delta: 1 });
      expect(r).toMatchObject({ status: 409, body: { error: expect.stringContaining(phase) } });
    }
    expect(await mine(w, ana)).toEqual({ remaining: 3, notes: {} });
  });

  it('answers bad requests with a status and a JSON error, and counts nothing', async () => {
    const { w, ana, notes } = await votingRoom();
    const other = await createWorkshop(shared.server.url);
    const stranger = await join(shared.server.url, other, 'participant', 'Eve');
    const vic = await join(shared.server.url, w, 'viewer', 'Projector');
    const cases: Array<[Joined | null, unknown, number]> = [
      [null, { noteId: notes[0], delta: 1 }, 401],
      [{ ...ana, token: ana.token.slice(0, -3) + 'xyz' }, { noteId: notes[0], delta: 1 }, 401],
      [stranger, { noteId: notes[0], delta: 1 }, 403],
      [vic, { noteId: notes[0], delta: 1 }, 403],
      [ana, { noteId: notes[0], delta: 2 }, 400],
      [ana, { noteId: notes[0] }, 400],
      [ana, { noteId: '../../etc', delta: 1 }, 400],
      [ana, { noteId: notes[0], delta: 1, weight: 5 }, 400],
      [ana, 'vote please', 400],
      [ana, { noteId: 'no-such-note', delta: 1 }, 422],
      [ana, { noteId: notes[0], delta: 1, onBehalfOf: (await join(shared.server.url, w, 'participant', 'Cy')).participantId }, 403],
    ];
    for (const [who, body, status] of cases) {
      const r = await vote(w, who, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(typeof r.body.error).toBe('string');
    }
    expect(await mine(w, ana)).toEqual({ remaining: 3, notes: {} });
  });

  it('publishes only per-note totals, and only once voting ends when the facilitator hides them', async () => {
    const { w, ana, ben, control, notes } = await votingRoom({ perParticipant: 2, totalsVisible: false });
    const watcher = connect(controlRoom(w.id), ben);
    await watcher.synced;
    expect((await vote(w, ana, { noteId: notes[0], delta: 1 })).status).toBe(200);
    expect((await vote(w, ben, { noteId: notes[0], delta: 1 })).status).toBe(200);
    expect((await vote(w, ana, { noteId: notes[2], delta: 1 })).status).toBe(200);
    expect(await mine(w, ben)).toEqual({ remaining: 1, notes: { [notes[0]!]: 1 } });
    expect(votesOf(watcher.doc).size).toBe(0);
    expect((await shared.server.server.deps.docs.readDoc(controlRoom(w.id), (d) => votesOf(d).size))).toBe(0);

    setPhase(control.doc, 'discuss');
    await until(async () => readVotes(watcher.doc).get(notes[0]!) === 2, 'the totals after voting');
    expect(Object.fromEntries(readVotes(watcher.doc))).toEqual({ [notes[0]!]: 2, [notes[2]!]: 1 });
    // Anonymous: note ids appear only as keys of the totals, never next to a person.
    votesOf(watcher.doc).forEach((value) => expect(typeof value).toBe('number'));
    const { votes: _totals, ...rest } = watcher.doc.toJSON() as Record<string, unknown>;
    for (const id of notes) expect(JSON.stringify(rest)).not.toContain(id);

    setPhase(control.doc, 'vote');
    await until(async () => votesOf(watcher.doc).size === 0, 'the totals to be hidden again while voting');
  });

  it('shows live totals during voting when the facilitator turns them on', async () => {
    const { w, ana, ben, control, notes } = await votingRoom({ totalsVisible: false });
    const watcher = connect(controlRoom(w.id), ana);
    await watcher.synced;
    expect((await vote(w, ana, { noteId: notes[1], delta: 1 })).status).toBe(200);
    updateSession(control.doc, { voting: { perParticipant: 3, severalPerNote: false, totalsVisible: true } });
    await until(async () => readVotes(watcher.doc).get(notes[1]!) === 1, 'the total once shown');
    // New votes show in a batch, once a second person has voted too (docs/reliability.md, "Votes stay anonymous").
    expect((await vote(w, ana, { noteId: notes[2], delta: 1 })).status).toBe(200);
    expect((await vote(w, ben, { noteId: notes[0], delta: 1 })).status).toBe(200);
    await until(async () => readVotes(watcher.doc).get(notes[2]!) === 1 && readVotes(watcher.doc).get(notes[0]!) === 1, 'the next batch of totals');
  });

  it('lets a facilitator vote on behalf of a person, within that person’s budget', async () => {
    const { w, fay, ana, notes } = await votingRoom({ perParticipant: 2 });
    expect((await vote(w, ana, { noteId: notes[0], delta: 1 })).status).toBe(200);
    const forAna = await vote(w, fay, { noteId: notes[1], delta: 1, onBehalfOf: ana.participantId });
    expect(forAna).toMatchObject({ status: 200, body: { remaining: 0 } });
    expect(await vote(w, fay, { noteId: notes[2], delta: 1, onBehalfOf: ana.participantId })).toMatchObject({ status: 422 });
    expect(await mine(w, fay, ana.participantId)).toEqual({ remaining: 0, notes: { [notes[0]!]: 1, [notes[1]!]: 1 } });
    expect(await mine(w, fay)).toEqual({ remaining: 2, notes: {} });
    expect(await vote(w, fay, { noteId: notes[2], delta: 1, onBehalfOf: 'nobody-here' })).toMatchObject({ status: 422 });
  });
});
