import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { boardRoom, controlRoom } from '@shared/rooms';
import { createNote } from '@shared/schema/board';
import { readWording, setWording, wordingOf } from '@shared/schema/wording';
import { SUMMARY_FORMATS } from '@shared/summary/formats';
import { useSharedServer } from '../helpers/server';
import { until, type RoomClient } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { pdfPages, squash } from '../fixtures/summaryPdfText';

const shared = useSharedServer();

function refusalOf(client: RoomClient): Promise<string> {
  return new Promise((resolve) => {
    client.provider.messageHandlers[2] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      resolve(decoding.readVarString(decoder));
    };
    void client.closed.then((c) => resolve(c.reason));
  });
}

const OWN = {
  'technology.name': 'Handy Tools',
  'technology.hint': 'Gadgets that save us hours',
  'collective-values.name': 'Our Compass',
  'trigger.low': 'From within',
  'aim.high': 'Purpose',
} as const;

async function body(res: Response, format: string): Promise<string> {
  if (format !== 'pdf') return res.text();
  return (await pdfPages(new Uint8Array(await res.arrayBuffer()))).join('\n');
}

describe('the workshop’s own wording', () => {
  it('appears in every summary format: path names, hints and axis titles', async () => {
    const { server } = shared;
    const w = await createWorkshop(server.url, 'Wording day');
    const fran = await join(server.url, w, 'facilitator', 'Fran');
    const control = shared.connect(controlRoom(w.id), fran);
    const board = shared.connect(boardRoom(w.id), fran);
    await Promise.all([control.synced, board.synced]);
    createNote(board.doc, { text: 'Automate the expense reports', x: -0.5, y: -0.5, authorId: fran.participantId });
    createNote(board.doc, { text: 'Open values circle', x: -0.5, y: 0.5, authorId: fran.participantId });
    setWording(control.doc, OWN);
    const docs = server.server.deps.docs;
    await until(async () => (await docs.readDoc(controlRoom(w.id), readWording))['aim.high'] === 'Purpose' && (await docs.readDoc(boardRoom(w.id), (d) => d.getMap('notes').size)) === 2, 'the wording and notes to be stored');

    for (const format of SUMMARY_FORMATS) {
      const res = await fetch(`${server.url}/api/workshops/${w.id}/summary.${format}?token=${encodeURIComponent(fran.token)}`);
      expect(res.status).toBe(200);
      const text = await body(res, format);
      const flat = format === 'pdf' ? squash(text) : text;
      const has = (s: string) => expect(flat, `${format} shows “${s}”`).toContain(format === 'pdf' ? squash(s) : s);
      has('Handy Tools');
      has('Our Compass');
      if (format === 'csv') continue; // one row per note, naming its path, no headings
      has('Gadgets that save us hours');
      if (format !== 'json') has(format === 'svg' ? 'PURPOSE' : 'Purpose');
      expect(flat, `${format} no longer names Technology`).not.toMatch(/Technology/);
    }
  });

  it('is written only by facilitators, under known keys, within its length limits', async () => {
    const { server } = shared;
    const w = await createWorkshop(server.url, 'Wording rules');
    const [fran, ana] = await Promise.all([join(server.url, w, 'facilitator', 'Fran'), join(server.url, w, 'participant', 'Ana')]);
    const attempts: Array<[typeof fran, (c: RoomClient) => void, RegExp]> = [
      [ana, (c) => setWording(c.doc, { 'technology.name': 'Mine' }), /only facilitators/],
      [fran, (c) => c.doc.transact(() => wordingOf(c.doc).set('technology.colour', 'red')), /unknown wording field "technology.colour"/],
      [fran, (c) => c.doc.transact(() => wordingOf(c.doc).set('technology.name', 'x'.repeat(41))), /at most 40 characters/],
      [fran, (c) => c.doc.transact(() => wordingOf(c.doc).set('aim.low', 'two\nlines')), /one line/],
    ];
    for (const [who, write, reason] of attempts) {
      const client = shared.connect(controlRoom(w.id), who);
      await client.synced;
      const refused = refusalOf(client);
      write(client);
      expect(await refused).toMatch(reason);
    }
    expect((await server.server.deps.docs.readDoc(controlRoom(w.id), (d) => wordingOf(d).size))).toBe(0);
  });
});
