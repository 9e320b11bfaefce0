import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Note } from '@shared/schema/board';
import { computeSummary } from '@shared/summary/compute';
import { CSV_COLUMNS, renderCsv } from '@shared/summary/csv';
import { sampleNotes, sampleWorkshopInput } from '../fixtures/summaryWorkshop';

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true, relax_quotes: false, skip_empty_lines: true }) as Record<string, string>[];
}

describe('CSV summary', () => {
  const csv = renderCsv(computeSummary(sampleWorkshopInput()));

  it('starts with a UTF-8 byte order mark and uses CRLF line ends', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid,text,quadrant,path,placed,x,y,votes,author,createdAt,moves,takeaways,actions');
    expect(csv.replace(/"[^"]*"/g, '').includes('\n') && !/[^\r]\n/.test(csv.replace(/"[^"]*"/g, ''))).toBe(true);
  });

  it('parses back to one row per note with the documented columns and the original texts', () => {
    const parsed = rows(csv);
    expect(Object.keys(parsed[0]!)).toEqual([...CSV_COLUMNS]);
    const byId = new Map(parsed.map((r) => [r.id, r]));
    const notes = sampleNotes();
    expect(parsed).toHaveLength(notes.length);
    for (const n of notes) expect(byId.get(n.id)?.text).toBe(n.text);
    expect(byId.get('n07')).toEqual({
      id: 'n07',
      text: 'Peer-to-peer recognition feed',
      quadrant: 'collective-values',
      path: 'Collective Values',
      placed: 'true',
      x: '-0.05',
      y: '0.45',
      votes: '3',
      author: 'Ben',
      createdAt: '2025-03-12T08:08:00.000Z',
      moves: '3',
      takeaways: '',
      actions: '',
    });
    expect(byId.get('n03')).toMatchObject({
      takeaways: 'Decision: Start the forum with the service desk team in April',
      actions: 'Action: Write the forum house rules (owner: Chloé)',
    });
    expect(byId.get('n15')).toMatchObject({ quadrant: 'unplaced', placed: 'false', x: '1.6' });
  });

  it('neutralises cells that a spreadsheet would run as a formula', () => {
    const risky = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tindented', '\rreturn'];
    const notes: Note[] = risky.map((text, i) => ({ ...sampleNotes()[0]!, id: `r${i}`, text, createdAt: 1_700_000_000_000 + i }));
    notes.push({ ...sampleNotes()[0]!, id: '=id', text: 'safe', authorId: 'p-evil', createdAt: 1_700_000_000_100 });
    const s = computeSummary(sampleWorkshopInput({ board: { notes, malformed: 0 }, participants: [{ id: 'p-evil', name: '=cmd|calc', role: 'participant', joinedAt: 0 }] }));
    const parsed = rows(renderCsv(s));
    expect(parsed.map((r) => r.text).sort()).toEqual([...risky.map((t) => `'${t}`), 'safe'].sort());
    const evil = parsed.find((r) => r.text === 'safe')!;
    expect(evil.id).toBe("'=id");
    expect(evil.author).toBe("'=cmd|calc");
    expect(parsed.filter((r) => r.text !== 'safe').every((r) => /^-?\d/.test(r.x ?? ''))).toBe(true);
  });

  it('quotes commas, quotes and line breaks so they survive a round trip', () => {
    const text = 'a, "b"\nc\r\nd';
    const s = computeSummary(sampleWorkshopInput({ board: { notes: [{ ...sampleNotes()[0]!, text }], malformed: 0 } }));
    const out = renderCsv(s);
    expect(out).toContain('"a, ""b""\nc\r\nd"');
    expect(rows(out)[0]!.text).toBe(text);
  });

  it('leaves vote cells empty when the reader may not see vote totals', () => {
    const s = computeSummary(sampleWorkshopInput({ votesHidden: true }));
    expect(rows(renderCsv(s)).every((r) => r.votes === '')).toBe(true);
  });
});
