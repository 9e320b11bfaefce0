// Writes one sample of every summary format from the fixture workshop into docs/samples/.
// Run: npx tsx scripts/generate-samples.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeSummary } from '@shared/summary/compute';
import { SUMMARY_FORMATS, renderText } from '@shared/summary/formats';
import { summaryFileName } from '@shared/summary/format';
import { renderPdf } from '../server/summary/pdf';
import { sampleWorkshopInput } from '../test/fixtures/summaryWorkshop';

const out = join(import.meta.dirname, '..', 'docs', 'samples');
mkdirSync(out, { recursive: true });
const summary = computeSummary(sampleWorkshopInput());
for (const format of SUMMARY_FORMATS) {
  const body = format === 'pdf' ? await renderPdf(summary) : renderText(summary, format);
  const file = join(out, summaryFileName(summary, format));
  writeFileSync(file, body);
  console.log(`wrote ${file}`);
}
