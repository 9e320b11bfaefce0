import { describe, expect, it } from 'vitest';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, readBoard } from '@shared/schema/board';
import { readSession, setPhase, updateSession } from '@shared/schema/control';
import { readWording, setWording } from '@shared/schema/wording';
import { useSharedServer } from '../helpers/server';
import { until } from '../helpers/clients';
import { createWorkshop, join, type Joined } from '../helpers/workshop';
import { pdfPages, squash } from '../fixtures/summaryPdfText';

const shared = useSharedServer();

interface Rerun {
  id: string;
  title: string;
  seriesId: string;
  keys: Record<string, string>;
  links: Record<string, string>;
  facilitator: { participantId: string; name: string; token: string };
  copiedNotes: number;
}

function rerun(workshopId: string, who: { token: string }, body: unknown) {
  return fetch(`${shared.server.url}/api/workshops/${workshopId}/rerun`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
    body: JSON.stringify(body),
  });
}

function seriesSummary(seriesId: string, format: string, who: { token: string }) {
  return fetch(`${shared.server.url}/api/series/${seriesId}/summary.${format}`, { headers: { authorization: `Bearer ${who.token}` } });
}

const stored = <T>(room: string, read: (doc: import('yjs').Doc) => T) => shared.server.server.deps.docs.readDoc(room, read);

/** A group's board: notes at the given places, then one vote on the first from each voter. */
async function runGroup(workshopId: string, fran: Joined, notes: Array<[string, number, number]>, voters: Joined[], revealed = 0) {
  const control = shared.connect(controlRoom(workshopId), fran);
  const board = shared.connect(boardRoom(workshopId), fran);
  await Promise.all([control.synced, board.synced]);
  setPhase(control.doc, 'place');
  const ids = notes.map(([text, x, y]) => createNote(board.doc, { text, x, y, authorId: fran.participantId }));
  // Leaving Collect reveals the facilitator's drafts onto the board too.
  await until(async () => (await stored(boardRoom(workshopId), (d) => d.getMap('notes').size)) === notes.length + revealed, 'the notes to be stored', 10_000);
  setPhase(control.doc, 'vote');
  await until(async () => (await stored(controlRoom(workshopId), readSession)).phase === 'vote', 'voting to open');
  for (const v of voters) {
    const res = await fetch(`${shared.server.url}/api/workshops/${workshopId}/votes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
      body: JSON.stringify({ noteId: ids[0], delta: 1 }),
    });
    expect(res.status).toBe(200);
  }
  return { control, board };
}

describe('running a workshop again with another group, and comparing the series', () => {
  it('creates a linked workshop with the same wording and settings, the notes as the facilitator’s drafts, and compares both groups', async () => {
    const { server } = shared;
    const a = await createWorkshop(server.url, 'Group A');
    const [fran, ana] = await Promise.all([join(server.url, a, 'facilitator', 'Fran'), join(server.url, a, 'participant', 'Ana')]);
    const { control } = await runGroup(a.id, fran, [['Customer forum', 0.5, -0.5], ['Values week', -0.5, 0.5], ['Chatbot for the help desk', -0.5, -0.5]], [ana]);
    setWording(control.doc, { 'technology.name': 'Handy Tools' });
    updateSession(control.doc, { voting: { perParticipant: 5, severalPerNote: true, totalsVisible: true }, takeawaysOpen: true });
    await until(async () => (await stored(controlRoom(a.id), readWording))['technology.name'] === 'Handy Tools' && (await stored(controlRoom(a.id), readSession)).voting.perParticipant === 5, 'the settings');

    expect((await rerun(a.id, ana, {})).status).toBe(403);
    expect((await rerun(a.id, fran, { copyNotes: 'yes' })).status).toBe(400);

    const res = await rerun(a.id, fran, { title: 'Group B', copyNotes: true });
    expect(res.status).toBe(201);
    const b = (await res.json()) as Rerun;
    expect(b).toMatchObject({ title: 'Group B', copiedNotes: 3, facilitator: { name: 'Fran' } });
    expect(b.links.participant).toBe(`${server.url}/w/${b.id}#key=${b.keys.participant}`);
    expect((await stored(controlRoom(b.id), readWording))).toEqual({ 'technology.name': 'Handy Tools' });
    expect((await stored(controlRoom(b.id), readSession))).toMatchObject({ phase: 'collect', voting: { perParticipant: 5, severalPerNote: true, totalsVisible: true }, takeawaysOpen: true });
    const drafts = (await stored(draftsRoom(b.id, b.facilitator.participantId), readBoard)).notes;
    expect(drafts.map((n) => n.text).sort()).toEqual(['Chatbot for the help desk', 'Customer forum', 'Values week']);
    expect(drafts.every((n) => n.authorId === b.facilitator.participantId)).toBe(true);
    expect((await stored(boardRoom(b.id), readBoard)).notes).toEqual([]);

    // The second group: the copied notes are revealed into the parking area; the group writes its own, the forum landing elsewhere, the values week in the same path.
    const franB: Joined = { participantId: b.facilitator.participantId, role: 'facilitator', token: b.facilitator.token };
    const ben = await join(server.url, { ...a, id: b.id, keys: b.keys as typeof a.keys }, 'participant', 'Ben');
    await runGroup(b.id, franB, [['customer forum!', 0.5, 0.5], ['Values Week', -0.6, 0.6], ['Open budget', -0.4, 0.4]], [ben], 3);

    const md = await (await seriesSummary(b.seriesId, 'md', franB)).text();
    expect(md).toContain('| Group A |');
    expect(md).toContain('| Group B |');
    expect(md).toContain('| Group | Date | Notes | Collective Values | Product Resonance | Handy Tools | Social Business | Identity paths |');
    expect(md).toMatch(/\| Group A \| \d{4}-\d\d-\d\d \| 3 \| 1 \(33%\) \| 0 \(0%\) \| 1 \(33%\) \| 1 \(33%\) \| 33% \|/);
    expect(md).toContain('1. Customer forum · 1 vote · Social Business');
    expect(md).toContain('1. customer forum\\! · 1 vote · Product Resonance');
    const splits = md.slice(md.indexOf('## Same note, different path'));
    expect(splits).toContain('- **Customer forum**: Group A: Social Business; Group B: Product Resonance');
    expect(splits).not.toContain('Values');

    const csv = await (await seriesSummary(b.seriesId, 'csv', fran)).text();
    expect(csv.split('\r\n')[0]).toBe('section,group,date,text,path,count,share,votes');
    expect(csv).toMatch(/\r\nsplit,Group B,\d{4}-\d\d-\d\d,Customer forum,Product Resonance,,,\r\n/);

    const pdfRes = await seriesSummary(b.seriesId, 'pdf', fran);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = squash((await pdfPages(new Uint8Array(await pdfRes.arrayBuffer()))).join('\n'));
    for (const s of ['Group A', 'Group B', 'Same note, different path', 'Customer forum', 'Product Resonance']) expect(pdf).toContain(squash(s));
  });

  it('opens the series comparison only to facilitators of its workshops', async () => {
    const { server } = shared;
    const a = await createWorkshop(server.url, 'Solo');
    const [fran, ana] = await Promise.all([join(server.url, a, 'facilitator', 'Fran'), join(server.url, a, 'participant', 'Ana')]);
    const b = (await (await rerun(a.id, fran, {})).json()) as Rerun;
    expect(b.title).toBe('Solo');
    const stranger = await createWorkshop(server.url, 'Elsewhere');
    const strangerFran = await join(server.url, stranger, 'facilitator', 'Sam');

    expect((await seriesSummary(b.seriesId, 'md', fran)).status).toBe(200);
    const asParticipant = await seriesSummary(b.seriesId, 'md', ana);
    expect(asParticipant.status).toBe(403);
    expect(await asParticipant.json()).toEqual({ error: 'only facilitators of the series can compare its groups' });
    expect((await seriesSummary(b.seriesId, 'md', strangerFran)).status).toBe(403);
    expect((await seriesSummary('nosuchseries1', 'md', fran)).status).toBe(404);
    expect((await seriesSummary(b.seriesId, 'docx', fran)).status).toBe(404);
    expect((await fetch(`${server.url}/api/series/${b.seriesId}/summary.md`)).status).toBe(401);
  });
});
