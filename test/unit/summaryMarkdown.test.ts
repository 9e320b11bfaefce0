import { describe, expect, it } from 'vitest';
import { marked, type Tokens } from 'marked';
import { computeSummary } from '@shared/summary/compute';
import { escapeMarkdown, renderMarkdown } from '@shared/summary/markdown';
import { sampleWorkshopInput, sampleNotes } from '../fixtures/summaryWorkshop';

const summary = computeSummary(sampleWorkshopInput());
const md = renderMarkdown(summary);
const tokens = marked.lexer(md);
const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');

describe('Markdown summary', () => {
  it('has a title and one section per part of the summary, with the paths in matrix order', () => {
    expect(headings.filter((h) => h.depth === 1).map((h) => h.text)).toEqual(['Growing social at Ærøskøbing Maritime']);
    expect(headings.filter((h) => h.depth === 2).map((h) => h.text)).toEqual([
      'Balance',
      'Top-voted notes',
      'Actions',
      'Collective Values',
      'Product Resonance',
      'Technology',
      'Social Business',
      'Parking area',
      'To discuss',
      'Participation',
    ]);
  });

  it('lists every note of a path under its heading, most voted first', () => {
    const section = (name: string) => {
      const start = tokens.findIndex((t) => t.type === 'heading' && (t as Tokens.Heading).text === name);
      const end = tokens.findIndex((t, i) => i > start && t.type === 'heading');
      return tokens.slice(start, end).filter((t): t is Tokens.List => t.type === 'list');
    };
    const items = section('Social Business')[1]!.items.map((i) => i.text.split('\n')[0]!.trim());
    expect(items).toEqual([
      'Customer forum where front-line staff answer questions directly',
      'Ærøskøbing harbour pilot: ferry crews post delays live',
      'Social listening dashboard for marketing',
      '\\<script\\>alert("hi")\\</script\\> \\*\\*not bold\\*\\* =SUM(A1:A9) \\| a, "quoted" cell',
    ]);
  });

  it('renders note text literally: no HTML, emphasis or table breakage from what people typed', () => {
    const html = marked.parse(md, { async: false });
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; **not bold**');
    const tricky = ['# not a heading', '- not a list', '1. not a list', '[link](/x)', '<img src=x onerror=alert(1)>', '`code`', '_under_', '> quote', 'a | b'];
    for (const text of tricky) {
      const rendered = marked.parse(escapeMarkdown(text), { async: false });
      expect(rendered.trim(), text).toMatch(/^<p>[^<]*<\/p>$/);
    }
  });

  it('mentions the header facts, the balance sentence, the moves and the participation counts', () => {
    expect(md).toContain('- **Facilitated by:** Ana');
    expect(md).toContain('- **Participants (5):** Ben, Chloé, Dmitri, Yuki 東京, Zoë');
    expect(md).toContain('- **Votes cast:** 21');
    expect(md).toContain(escapeMarkdown(summary.balance.sentence));
    expect(md).toContain('   - Collective Values → Product Resonance by Zoë at 09:31');
    expect(md).toContain('| Chloé | 3 | 3 |');
  });

  it('contains every note that is on the board', () => {
    for (const note of sampleNotes().filter((n) => n.text.trim())) {
      for (const line of note.text.split('\n')) expect(md).toContain(escapeMarkdown(line));
    }
    expect(md).toContain('*(empty note)*');
  });

  it('says so when some notes could not be read', () => {
    const broken = renderMarkdown(computeSummary(sampleWorkshopInput({ board: { notes: sampleNotes(), malformed: 2 } })));
    expect(broken).toContain('> **Note:** 2 notes could not be read and are left out of this summary.');
  });
});

describe('takeaways in the Markdown summary', () => {
  it('lists each note’s takeaways under it and every action with its owner in a section of its own', () => {
    const start = md.indexOf('## Actions');
    const actions = md.slice(start, md.indexOf('\n## ', start + 1));
    expect(actions).toContain('1. Book two open strategy days before the summer — Ana · on “Open strategy days: everyone can comment on next year\'s goals” (Collective Values)');
    expect(actions).toContain('2. Write the forum house rules — Chloé');
    const social = md.slice(md.indexOf('## Social Business'));
    expect(social).toMatch(/Customer forum where front-line staff answer questions directly {2}\n.*\n {3}- Decision: Start the forum with the service desk team in April \(by Ana\)\n {3}- Action: Write the forum house rules \(owner: Chloé; by Ana\)/);
  });
});
