import { describe, expect, it } from 'vitest';
import { parseCsv } from '@shared/import/parseCsv';
import { parseList } from '@shared/import/parseList';
import { importRefusal, planNotes } from '@shared/import/plan';
import { isPlaced, placementOf } from '@shared/matrix';

function texts(result: ReturnType<typeof parseList>): string[] {
  if (!result.ok) throw new Error(result.error);
  return result.rows.map((r) => r.text);
}

describe('pasting a list', () => {
  it('strips bullets and numbering and skips blank lines', () => {
    const input = ['- Intranet wiki', '* Customer forum', '• Open budget', '', '1. Values week', '2) Hackathon', 'a) Staff podcast', '   ', '(b) Mentoring'].join('\n');
    expect(texts(parseList(input))).toEqual(['Intranet wiki', 'Customer forum', 'Open budget', 'Values week', 'Hackathon', 'Staff podcast', 'Mentoring']);
  });

  it('keeps numbers and dashes that are part of the text', () => {
    expect(texts(parseList('3.5 days of onboarding\nE-mail digest\n2024 roadmap'))).toEqual(['3.5 days of onboarding', 'E-mail digest', '2024 roadmap']);
  });

  it('reads Windows and old Mac line ends and a byte-order mark', () => {
    expect(texts(parseList('\uFEFFOne\r\nTwo\rThree'))).toEqual(['One', 'Two', 'Three']);
  });

  it('remembers each row’s line number for the preview', () => {
    const result = parseList('\n\n- Third line');
    expect(result.ok && result.rows[0]!.line).toBe(3);
  });

  it('cuts a line longer than a note holds and says so', () => {
    const result = parseList('x'.repeat(600));
    expect(result.ok && result.rows[0]).toMatchObject({ shortened: true, text: 'x'.repeat(500) });
  });

  it('refuses 10,000 lines with a reason instead of creating them', () => {
    const result = parseList(Array.from({ length: 10_000 }, (_, i) => `Idea ${i}`).join('\n'));
    expect(result).toEqual({ ok: false, error: expect.stringContaining('more than 2,000 lines') });
  });
});

describe('dropping a CSV file', () => {
  it('recognises a header row and reads text, path, colour and author', () => {
    const csv = 'Text,Path,Colour,Author\n"Wiki, for everyone",technology,blue,Ana\nCustomer forum,Social Business,,Ben\n';
    const result = parseCsv(csv);
    expect(result.ok && result.rows).toMatchObject([
      { line: 2, text: 'Wiki, for everyone', path: 'technology', color: 'blue', author: 'Ana', warning: null },
      { line: 3, text: 'Customer forum', path: 'social-business', color: null, author: 'Ben' },
    ]);
  });

  it('keeps quoted commas, quotes and line breaks inside one note', () => {
    const result = parseCsv('text\n"Say ""hello"", then listen"\n"two\nlines"');
    expect(result.ok && result.rows.map((r) => r.text)).toEqual(['Say "hello", then listen', 'two lines']);
  });

  it('reads a semicolon file with a byte-order mark, as European spreadsheets save it', () => {
    const result = parseCsv('\uFEFFText;Pfad\nWerte-Woche;Collective Values\nOffene Bücher;product-resonance\n');
    expect(result.ok && result.rows.map((r) => [r.text, r.path])).toEqual([
      ['Werte-Woche', 'collective-values'],
      ['Offene Bücher', 'product-resonance'],
    ]);
  });

  it('treats a file without a header as text then path', () => {
    const result = parseCsv('Open budget,collective values\nChatbot,\n');
    expect(result.ok && result.rows.map((r) => [r.text, r.path])).toEqual([
      ['Open budget', 'collective-values'],
      ['Chatbot', null],
    ]);
  });

  it('uses x and y columns as the exact position', () => {
    const result = parseCsv('text,x,y\nOn the line,0.05,0.6\nFar out,9,9\n');
    expect(result.ok && result.rows.map((r) => r.at)).toEqual([{ x: 0.05, y: 0.6 }, null]);
  });

  it('warns about an unknown path or colour and parks the note', () => {
    const result = parseCsv('text,path,color\nSomething,Moon,tartan\n');
    expect(result.ok && result.rows[0]).toMatchObject({ path: null, color: null, warning: 'unknown path "Moon"; unknown colour "tartan"' });
  });

  it('matches the workshop’s own path names', () => {
    const result = parseCsv('text,path\nTool day,Our tools\n', { technology: 'Our tools' });
    expect(result.ok && result.rows[0]!.path).toBe('technology');
  });

  it('skips blank records and refuses 10,000 lines', () => {
    const ok = parseCsv('text\n\nOne\n,\n\nTwo\n');
    expect(ok.ok && ok.rows.map((r) => r.text)).toEqual(['One', 'Two']);
    expect(parseCsv('text\n' + 'a\n'.repeat(10_000)).ok).toBe(false);
  });
});

describe('deciding whether an import may happen', () => {
  const board = { role: 'participant' as const, phase: 'place' as const, locked: false, into: 'board' as const, existing: 0, maxNotes: 5000 };

  it('refuses viewers, a locked board, drafts after collect, and more notes than the board has room for', () => {
    expect(importRefusal({ ...board, role: 'viewer' }, 3)).toBe('viewers cannot add notes');
    expect(importRefusal({ ...board, locked: true }, 3)).toBe('the facilitator has locked the board');
    expect(importRefusal({ ...board, locked: true, role: 'facilitator' }, 3)).toBeNull();
    expect(importRefusal({ ...board, into: 'drafts' }, 3)).toMatch(/private writing has ended/);
    expect(importRefusal({ ...board, existing: 4998 }, 3)).toBe('the board has room for 2 more notes, not 3');
    expect(importRefusal(board, 3)).toBeNull();
  });

  it('places notes with a path inside that path and the rest in the parking area', () => {
    const result = parseCsv('text,path\nA,technology\nB,technology\nC,\nD,product resonance\n');
    if (!result.ok) throw new Error(result.error);
    const planned = planNotes(result.rows, 'yellow', 0);
    expect(planned.map((n) => placementOf(n.x, n.y))).toEqual(['technology', 'technology', 'unplaced', 'product-resonance']);
    expect(new Set(planned.map((n) => `${n.x},${n.y}`)).size).toBe(4);
    expect(planned.filter((n) => isPlaced(n.x, n.y)).every((n) => Math.abs(n.x) >= 0.1 && Math.abs(n.y) >= 0.1)).toBe(true);
  });
});
