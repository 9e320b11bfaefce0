import { describe, expect, it } from 'vitest';
import { computeSummary } from '@shared/summary/compute';
import { useFastDeflate } from '../../server/summary/fastDeflate';
import { renderPdf } from '../../server/summary/pdf';
import { pdfPages, squash } from '../fixtures/summaryPdfText';
import { sampleNotes, sampleWorkshopInput } from '../fixtures/summaryWorkshop';

// The PDF worker has pdfkit compress at zlib level 1 (fastDeflate.ts); pdfkit offers no option for
// it, so this checks the setting reaches the file pdfkit writes, and that the file still reads.

/** The zlib header's second byte of every stream: 0x01 for level 1, 0x9c for the default level 6. */
function streamLevels(pdf: Buffer): Set<number> {
  const raw = pdf.toString('latin1');
  const levels = new Set<number>();
  for (const m of raw.matchAll(/stream\n(.)(.)/gs)) if (m[1]!.charCodeAt(0) === 0x78) levels.add(m[2]!.charCodeAt(0));
  return levels;
}

describe('fast deflate in the PDF worker', () => {
  it('makes pdfkit compress every stream at level 1, and the PDF still reads', async () => {
    const input = sampleWorkshopInput();
    const before = await renderPdf(computeSummary(input));
    expect(streamLevels(before)).toEqual(new Set([0x9c]));

    useFastDeflate();
    const after = await renderPdf(computeSummary(input));
    expect(streamLevels(after)).toEqual(new Set([0x01]));
    const text = squash((await pdfPages(after)).slice(1).join('\n'));
    for (const note of sampleNotes().filter((n) => n.text.trim())) expect(text).toContain(squash(note.text));
  });
});
