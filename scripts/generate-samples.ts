// Writes one sample of every summary format from the fixture workshop into docs/samples/,
// the Markdown and PDF again in German, and a series comparison of two groups.
// Run: npx tsx scripts/generate-samples.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeSummary } from '@shared/summary/compute';
import { SUMMARY_FORMATS, renderText } from '@shared/summary/formats';
import { summaryFileName } from '@shared/summary/format';
import { computeSeriesSummary } from '@shared/summary/series';
import { renderSeriesCsv, renderSeriesMarkdown } from '@shared/summary/seriesText';
import { renderPdf } from '../server/summary/pdf';
import { renderSeriesPdf } from '../server/summary/seriesPdf';
import { sampleNotes, sampleWorkshopInput } from '../test/fixtures/summaryWorkshop';

const out = join(import.meta.dirname, '..', 'docs', 'samples');
mkdirSync(out, { recursive: true });
const write = (name: string, body: string | Buffer) => {
  writeFileSync(join(out, name), body);
  console.log(`wrote ${join(out, name)}`);
};

const summary = computeSummary(sampleWorkshopInput());
for (const format of SUMMARY_FORMATS) write(summaryFileName(summary, format), format === 'pdf' ? await renderPdf(summary) : renderText(summary, format));

const german = computeSummary(sampleWorkshopInput({ language: 'de' }));
for (const format of ['md', 'pdf'] as const) write(summaryFileName(german, `de.${format}`), format === 'pdf' ? await renderPdf(german) : renderText(german, format));

// A second group: the same exercise, some notes landing elsewhere.
const second = computeSummary(
  sampleWorkshopInput({
    workshop: { id: 'ws-sample-2', title: 'Growing social at Ærøskøbing Maritime, group 2', createdAt: Date.UTC(2025, 2, 19, 8, 0) },
    board: { notes: sampleNotes().map((n) => (n.id === 'n03' ? { ...n, x: 0.5, y: 0.5 } : n.id === 'n05' ? { ...n, x: -0.5, y: -0.4 } : n)), malformed: 0 },
  }),
);
const series = computeSeriesSummary('series-sample', [summary, second], Date.UTC(2025, 2, 19, 12, 0));
write('four-paths-series-sample.md', renderSeriesMarkdown(series));
write('four-paths-series-sample.csv', renderSeriesCsv(series));
write('four-paths-series-sample.pdf', await renderSeriesPdf(series));
