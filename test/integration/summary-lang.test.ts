import { describe, expect, it } from 'vitest';
import { boardRoom } from '@shared/rooms';
import { createNote } from '@shared/schema/board';
import { SUMMARY_FORMATS } from '@shared/summary/formats';
import { useSharedServer } from '../helpers/server';
import { until } from '../helpers/clients';
import { createWorkshop, join } from '../helpers/workshop';
import { pdfPages, squash } from '../fixtures/summaryPdfText';

const shared = useSharedServer();

/** A word each format shows in each language: a heading, or (CSV) a path's name. */
const EXPECTED = {
  en: { heading: 'Top-voted notes', path: 'Collective Values' },
  de: { heading: 'Notizen mit den meisten Stimmen', path: 'Gemeinsame Werte' },
  fr: { heading: 'Notes les plus votées', path: 'Valeurs partagées' },
  es: { heading: 'Notas más votadas', path: 'Valores compartidos' },
} as const;

async function setup() {
  const { server } = shared;
  const w = await createWorkshop(server.url, 'Sprachen');
  const fran = await join(server.url, w, 'facilitator', 'Fran');
  const board = shared.connect(boardRoom(w.id), fran);
  await board.synced;
  createNote(board.doc, { text: 'Offene Strategietage', x: -0.5, y: 0.5, authorId: fran.participantId });
  createNote(board.doc, { text: 'Kundenforum', x: 0.5, y: -0.5, authorId: fran.participantId });
  await until(async () => (await server.server.deps.docs.readDoc(boardRoom(w.id), (d) => d.getMap('notes').size)) === 2, 'the notes to be stored');
  return { w, fran };
}

async function textOf(res: Response, format: string): Promise<string> {
  if (format === 'pdf') return squash((await pdfPages(new Uint8Array(await res.arrayBuffer()))).join('\n'));
  return res.text();
}

function wanted(format: string, language: keyof typeof EXPECTED): string {
  // SVG is the board picture (path names, no sections); CSV is one row per note, naming its path.
  const word = format === 'csv' || format === 'svg' ? EXPECTED[language].path : format === 'json' ? EXPECTED[language].path : EXPECTED[language].heading;
  return format === 'pdf' ? squash(word) : word;
}

describe('summary downloads in four languages', () => {
  it('?lang= changes the headings and path names of every format', async () => {
    const { w, fran } = await setup();
    for (const format of SUMMARY_FORMATS) {
      for (const language of ['en', 'de', 'fr', 'es'] as const) {
        const res = await fetch(`${shared.server.url}/api/workshops/${w.id}/summary.${format}?lang=${language}&token=${encodeURIComponent(fran.token)}`);
        expect(res.status, `${format} ${language}`).toBe(200);
        expect(res.headers.get('content-language')).toBe(language);
        const text = await textOf(res, format);
        expect(text, `${format} in ${language}`).toContain(wanted(format, language));
        for (const other of (['en', 'de', 'fr', 'es'] as const).filter((l) => l !== language)) {
          expect(text, `${format} in ${language} has no ${other} heading`).not.toContain(wanted(format, other));
        }
      }
    }
  });

  it('takes the language from Accept-Language when there is no ?lang=, else English', async () => {
    const { w, fran } = await setup();
    const get = (headers: Record<string, string>) =>
      fetch(`${shared.server.url}/api/workshops/${w.id}/summary.md`, { headers: { authorization: `Bearer ${fran.token}`, ...headers } });
    const german = await get({ 'accept-language': 'de-AT, de;q=0.9, en;q=0.5' });
    expect(german.headers.get('content-language')).toBe('de');
    expect(await german.text()).toContain('## Gewichtung');
    const dutch = await get({ 'accept-language': 'nl-NL' });
    expect(dutch.headers.get('content-language')).toBe('en');
    expect(await dutch.text()).toContain('## Balance');
  });

  it('refuses an unknown language with a clear error', async () => {
    const { w, fran } = await setup();
    const res = await fetch(`${shared.server.url}/api/workshops/${w.id}/summary.md?lang=xx&token=${encodeURIComponent(fran.token)}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'unknown language "xx"; use one of: en, de, fr, es' });
  });
});
