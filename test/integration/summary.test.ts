import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import { boardRoom, controlRoom, draftsRoom } from '@shared/rooms';
import { createNote, moveNote, readBoard } from '@shared/schema/board';
import { setVoteTotal, updateSession } from '@shared/schema/control';
import { serverOrigin } from '@shared/schema/origins';
import type { Summary } from '@shared/summary/types';
import { connectRoom, until, type RoomClient } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { createWorkshop, join, type CreatedWorkshop, type Joined } from '../helpers/workshop';
import { pdfPages, squash } from '../fixtures/summaryPdfText';

// Real server, real y-websocket clients writing the board, every format downloaded over HTTP.

const NOTES = {
  wiki: 'Intranet wiki for every team',
  forum: 'Customer forum, answered by "front-line" staff',
  values: 'Open strategy days <b>for all</b> **really**',
  tokyo: '東京 office: 社内SNS 🎉',
  parked: 'Zürich canteen idea',
  formula: '=1+1 looks like a formula',
};

let server: TestServer;
let workshop: CreatedWorkshop;
let facilitator: Joined;
let ben: Joined;
let zoe: Joined;
let viewer: Joined;
const clients: RoomClient[] = [];
const ids: Record<keyof typeof NOTES, string> = {} as Record<keyof typeof NOTES, string>;

const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const summaryUrl = (format: string) => `/api/workshops/${workshop.id}/summary.${format}`;

beforeAll(async () => {
  server = await startTestServer();
  workshop = await createWorkshop(server.url, 'Growing social at Ærøskøbing');
  facilitator = await join(server.url, workshop, 'facilitator', 'Ana');
  ben = await join(server.url, workshop, 'participant', 'Ben');
  zoe = await join(server.url, workshop, 'participant', 'Zoë');
  viewer = await join(server.url, workshop, 'viewer', 'Projector');

  const benBoard = connectRoom(server, boardRoom(workshop.id), ben.token);
  const zoeBoard = connectRoom(server, boardRoom(workshop.id), zoe.token);
  const benDrafts = connectRoom(server, draftsRoom(workshop.id, ben.participantId), ben.token);
  clients.push(benBoard, zoeBoard, benDrafts);
  await Promise.all(clients.map((c) => c.synced));

  ids.wiki = createNote(benBoard.doc, { text: NOTES.wiki, x: -0.6, y: -0.5, authorId: ben.participantId });
  ids.forum = createNote(zoeBoard.doc, { text: NOTES.forum, x: 0.6, y: -0.4, authorId: zoe.participantId, color: 'orange' });
  ids.values = createNote(benBoard.doc, { text: NOTES.values, x: 1.5, y: 0.5, authorId: ben.participantId, color: 'green' });
  ids.tokyo = createNote(zoeBoard.doc, { text: NOTES.tokyo, x: 0.05, y: 0.5, authorId: zoe.participantId, color: 'purple' });
  ids.parked = createNote(benBoard.doc, { text: NOTES.parked, x: 1.8, y: 0.2, authorId: ben.participantId, color: 'pink' });
  ids.formula = createNote(zoeBoard.doc, { text: NOTES.formula, x: -0.3, y: 0.3, authorId: zoe.participantId });
  // Moved back and forth: parking → Technology → Collective Values → Technology → Collective Values,
  // each writer waiting to see the other's move first, as people do.
  const position = (c: RoomClient) => readBoard(c.doc).notes.find((n) => n.id === ids.values);
  moveNote(benBoard.doc, ids.values, -0.5, -0.5, ben.participantId);
  await until(async () => position(zoeBoard)?.y === -0.5, "Zoë to see Ben's move");
  moveNote(zoeBoard.doc, ids.values, -0.5, 0.5, zoe.participantId);
  await until(async () => position(benBoard)?.y === 0.5, "Ben to see Zoë's move");
  moveNote(benBoard.doc, ids.values, -0.5, -0.5, ben.participantId);
  moveNote(benBoard.doc, ids.values, -0.55, 0.6, ben.participantId);
  createNote(benDrafts.doc, { text: 'SECRET DRAFT nobody may see', x: 1.5, y: 0, authorId: ben.participantId });

  // Votes as the votes feature records them: per person in SQLite, totals in the control room.
  const { data, docs } = server.server.deps;
  const rules = { perParticipant: 3, severalPerNote: false };
  for (const [who, note] of [[ben.participantId, ids.forum], [zoe.participantId, ids.forum], [zoe.participantId, ids.values]] as const) {
    await data.castVote(workshop.id, who, note, 1, rules);
  }
  await docs.transact(
    controlRoom(workshop.id),
    (doc) => {
      setVoteTotal(doc, ids.forum, 2, serverOrigin('vote'));
      setVoteTotal(doc, ids.values, 1, serverOrigin('vote'));
    },
    'vote',
  );

  const onServer = async () => (await server.server.deps.docs.readDoc(boardRoom(workshop.id), readBoard)).notes;
  await until(async () => (await onServer()).length === 6 && (await onServer()).some((n) => n.moves.length === 4), 'the server to hold every note and move', 10_000);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('summary downloads', () => {
  it('serves JSON with what the clients wrote, the moves, the votes and nothing from private drafts', async () => {
    const res = await get(summaryUrl('json'), viewer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await res.text();
    expect(body).not.toContain('SECRET DRAFT');
    const s = JSON.parse(body) as Summary;
    expect(s.workshop.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="four-paths-growing-social-at-aeroskobing-${s.workshop.date}.json"`);
    expect(s.schemaVersion).toBe(1);
    expect(s.totals).toMatchObject({ notes: 6, placed: 5, unplaced: 1, votes: 3, malformed: 0 });
    expect(s.facilitators).toEqual(['Ana']);
    expect(s.participants).toEqual({ count: 2, names: ['Ben', 'Zoë'] });
    expect(s.paths['social-business'].notes[0]).toMatchObject({ id: ids.forum, votes: 2, author: 'Zoë' });
    const values = s.paths['collective-values'].notes.find((n) => n.id === ids.values)!;
    expect(values.quadrantChanges).toBe(3);
    expect(values.moves.map((m) => [m.from, m.to, m.by])).toEqual([
      ['unplaced', 'technology', 'Ben'],
      ['technology', 'collective-values', 'Zoë'],
      ['collective-values', 'technology', 'Ben'],
      ['technology', 'collective-values', 'Ben'],
    ]);
    expect(s.toDiscuss.map((d) => [d.note.id, d.reasons])).toEqual([
      [ids.values, ['moved']],
      [ids.tokyo, ['on-fence']],
    ]);
    expect(Object.fromEntries(s.participation.map((r) => [r.name, [r.notes, r.votes]]))).toEqual({ Ana: [0, 0], Ben: [3, 1], Zoë: [3, 2] });
  });

  it('serves Markdown with a section per path holding its notes', async () => {
    const res = await get(`${summaryUrl('md')}?token=${encodeURIComponent(ben.token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/filename="four-paths-growing-social-at-aeroskobing-\d{4}-\d{2}-\d{2}\.md"/);
    const md = await res.text();
    const social = md.slice(md.indexOf('## Social Business'), md.indexOf('## Parking area'));
    expect(social).toContain('Customer forum, answered by "front-line" staff');
    expect(md).toContain('Open strategy days \\<b\\>for all\\</b\\> \\*\\*really\\*\\*');
    expect(md.slice(md.indexOf('## Parking area'))).toContain('Zürich canteen idea');
  });

  it('serves CSV that parses back to one row per note', async () => {
    const res = await get(`${summaryUrl('csv')}?token=${encodeURIComponent(zoe.token)}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const rows = parseCsv(await res.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.text).sort()).toEqual(Object.values(NOTES).map((t) => (t.startsWith('=') ? `'${t}` : t)).sort());
    expect(rows.find((r) => r.id === ids.parked)).toMatchObject({ quadrant: 'unplaced', placed: 'false', author: 'Ben' });
  });

  it('serves an SVG picture that is valid XML and shows every note', async () => {
    const res = await get(summaryUrl('svg'), facilitator.token);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('&lt;b&gt;for all&lt;/b&gt;');
    for (const text of Object.values(NOTES)) expect(svg).toContain(`<title>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')} (`);
  });

  it('serves a PDF whose text holds every note, accents, Japanese and emoji included', async () => {
    const res = await get(summaryUrl('pdf'), ben.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/filename="four-paths-growing-social-at-aeroskobing-\d{4}-\d{2}-\d{2}\.pdf"/);
    const pages = await pdfPages(new Uint8Array(await res.arrayBuffer()));
    const text = squash(pages.slice(1).join(''));
    for (const note of Object.values(NOTES)) expect(text).toContain(squash(note));
    expect(pages[0]).toContain('Growing social at Ærøskøbing');
  });

  it('hides vote totals from participants while voting runs with totals hidden, but not from the facilitator', async () => {
    await server.server.deps.docs.transact(controlRoom(workshop.id), (doc) => updateSession(doc, { phase: 'vote' }, serverOrigin('test')), 'test');
    try {
      const forParticipant = (await (await get(summaryUrl('json'), ben.token)).json()) as Summary;
      expect(forParticipant.votesHidden).toBe(true);
      expect(forParticipant.topVoted).toEqual([]);
      const forFacilitator = (await (await get(summaryUrl('json'), facilitator.token)).json()) as Summary;
      expect(forFacilitator.topVoted.map((n) => n.id)).toEqual([ids.forum, ids.values]);
    } finally {
      await server.server.deps.docs.transact(controlRoom(workshop.id), (doc) => updateSession(doc, { phase: 'discuss' }, serverOrigin('test')), 'test');
    }
  });

  it('formats times in the time zone asked for', async () => {
    const s = (await (await get(`${summaryUrl('json')}?tz=Pacific/Kiritimati`, ben.token)).json()) as Summary;
    expect(s.timeZone).toBe('Pacific/Kiritimati');
    const bad = await get(`${summaryUrl('json')}?tz=Nowhere/Land`, ben.token);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/time zone/);
  });
});

describe('summary errors', () => {
  it('answers 404 with the list of formats for an unknown format', async () => {
    const res = await get(summaryUrl('xlsx'), ben.token);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; formats: string[] };
    expect(body.formats).toEqual(['json', 'md', 'csv', 'svg', 'pdf']);
    expect(body.error).toMatch(/json, md, csv, svg, pdf/);
  });

  it('answers 404 for an unknown workshop', async () => {
    const res = await get('/api/workshops/no-such-workshop/summary.json', ben.token);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'workshop not found' });
  });

  it('answers 401 without a token or with a forged one, and 403 with a token of another workshop', async () => {
    expect((await get(summaryUrl('pdf'))).status).toBe(401);
    const forged = await get(summaryUrl('json'), `${ben.token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(Object.keys(await forged.json())).toEqual(['error']);
    const other = await createWorkshop(server.url, 'Another one');
    const stranger = await join(server.url, other, 'facilitator', 'Eve');
    const res = await get(summaryUrl('md'), stranger.token);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/another workshop/);
  });
});
