import { describe, expect, it } from 'vitest';
import { computeSummary } from '@shared/summary/compute';
import { renderPdf } from '../../server/summary/pdf';
import { pdfPages, squash } from '../fixtures/summaryPdfText';
import { sampleNotes, sampleWorkshopInput } from '../fixtures/summaryWorkshop';

describe('PDF report', () => {
  it('shows the board on page 1 and then the summary, with every note findable as text', async () => {
    const pdf = await renderPdf(computeSummary(sampleWorkshopInput()));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain('NOT PLACED YET');
    expect(pages[0]).toContain('Reading the board');
    const rest = squash(pages.slice(1).join('\n'));
    for (const heading of ['Balance', 'Top-voted notes', 'Collective Values', 'Product Resonance', 'Technology', 'Social Business', 'Parking area', 'To discuss', 'Participation']) {
      expect(rest).toContain(squash(heading));
    }
    for (const note of sampleNotes().filter((n) => n.text.trim())) expect(rest).toContain(squash(note.text));
    expect(rest).toContain(squash('Social Business → Product Resonance by Ana at 09:36'));
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it('prints accented, Japanese and emoji text with embedded fonts', async () => {
    const note = { ...sampleNotes()[0]!, text: 'Ærøskøbing Zürich 東京 🎉 Œuvre ŁÓDŹ Ελλάδα Москва' };
    const pdf = await renderPdf(computeSummary(sampleWorkshopInput({ board: { notes: [note], malformed: 0 } })));
    const text = (await pdfPages(pdf)).join('\n');
    expect(text).toContain('Ærøskøbing Zürich 東京 🎉 Œuvre ŁÓDŹ Ελλάδα Москва');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('prints a visible replacement mark where no font has a glyph, instead of failing', async () => {
    const note = { ...sampleNotes()[0]!, text: 'Hangul 한국 private \uE000 control \u0007 end' };
    const pdf = await renderPdf(computeSummary(sampleWorkshopInput({ board: { notes: [note], malformed: 0 } })));
    const text = (await pdfPages(pdf)).join('\n');
    expect(text).toContain('Hangul \uFFFD\uFFFD private \uFFFD control \uFFFD end');
  });
});
