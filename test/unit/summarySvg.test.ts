import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { computeSummary } from '@shared/summary/compute';
import { renderSvg } from '@shared/summary/svg';
import { sampleNotes, sampleWorkshopInput } from '../fixtures/summaryWorkshop';

type Node = Record<string, unknown>;

function parseSvg(svg: string): Node {
  const valid = XMLValidator.validate(svg);
  expect(valid).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['g', 'text', 'rect', 'circle', 'line', 'polygon'].includes(name), textNodeName: '#text', trimValues: false }).parse(svg) as Node;
}

function texts(nodes: unknown): string[] {
  return ((nodes as Node[] | undefined) ?? []).map((t) => String(t['#text'] ?? ''));
}

describe('SVG board picture', () => {
  const summary = computeSummary(sampleWorkshopInput());
  const svg = renderSvg(summary);
  const root = parseSvg(svg).svg as Node;
  const groups = (root.g as Node[]).filter((g) => g['@class'] === 'note');

  it('is a valid standalone SVG document with a size', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root['@xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(Number(root['@width'])).toBeGreaterThan(800);
    expect(Number(root['@height'])).toBeGreaterThan(800);
  });

  it('draws the quadrant names and the axis titles', () => {
    const labels = texts(root.text);
    for (const name of ['Collective Values', 'Product Resonance', 'Technology', 'Social Business', 'MEANING', 'EFFICIENCY / PROFIT', 'INTERNAL', 'EXTERNAL', 'NOT PLACED YET']) {
      expect(labels).toContain(name);
    }
  });

  it('draws every note, placed and unplaced, with its full text as a tooltip and its text on the note', () => {
    expect(groups).toHaveLength(sampleNotes().length);
    const titles = groups.map((g) => String(g.title));
    for (const note of sampleNotes()) {
      expect(titles.some((t) => t.startsWith(note.text))).toBe(true);
      const group = groups.find((g) => String(g.title).startsWith(`${note.text} (`))!;
      const drawn = texts(group.text).join(' ').replace(/\s+/g, '');
      expect(drawn).toContain(note.text.replace(/\s+/g, '').slice(0, 8));
    }
  });

  it('puts a vote badge on each voted note only', () => {
    const badged = groups.filter((g) => (g.circle as Node[] | undefined)?.length);
    expect(badged).toHaveLength(summary.topVoted.length + 1);
    const recycling = groups.find((g) => String(g.title).startsWith('Our recycling'))!;
    expect(texts(recycling.text)).toContain('4');
  });

  it('escapes markup in note text: it stays text, never elements', () => {
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/scrip');
    const hostile = sampleNotes()[0]!;
    const weird = computeSummary(sampleWorkshopInput({ board: { notes: [{ ...hostile, text: '</text><script>x</script>&amp; \u0001 \uD800 ]]>' }], malformed: 0 } }));
    const out = renderSvg(weird);
    const parsed = parseSvg(out).svg as Node;
    expect(parsed.script).toBeUndefined();
    const title = String((parsed.g as Node[]).find((g) => g['@class'] === 'note')!.title);
    expect(title).toContain('</text><script>x</script>&amp; \uFFFD \uFFFD ]]>');
  });
});
