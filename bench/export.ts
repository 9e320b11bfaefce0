// Times every summary format on a generated 5,000-note board.
// Run: npx tsx bench/export.ts [notes]
import { computeSummary } from '@shared/summary/compute';
import { SUMMARY_FORMATS, renderText } from '@shared/summary/formats';
import { renderPdf } from '../server/summary/pdf';
import { generatedWorkshopInput } from '../test/fixtures/summaryWorkshop';

const notes = Number(process.argv[2] ?? 5000);
const input = generatedWorkshopInput(notes);

const t0 = performance.now();
const summary = computeSummary(input);
const rows: Array<[string, number, number]> = [['compute', performance.now() - t0, 0]];

for (const format of SUMMARY_FORMATS) {
  const start = performance.now();
  const body = format === 'pdf' ? await renderPdf(summary) : renderText(summary, format);
  rows.push([format, performance.now() - start, typeof body === 'string' ? Buffer.byteLength(body) : body.length]);
}

// The PDF is drawn in slices: the longest gap between timer ticks is how long the server's event loop stalls.
let longestStall = 0;
let tick = performance.now();
const probe = setInterval(() => {
  longestStall = Math.max(longestStall, performance.now() - tick);
  tick = performance.now();
}, 1);
await renderPdf(summary);
clearInterval(probe);

console.log(`summary export of ${notes} notes (${summary.totals.placed} placed, ${summary.totals.unplaced} unplaced)`);
for (const [name, ms, bytes] of rows) console.log(`${name.padEnd(8)} ${ms.toFixed(0).padStart(6)} ms${bytes ? `  ${(bytes / 1024).toFixed(0).padStart(6)} KiB` : ''}`);
console.log(`longest event-loop stall while a second PDF was drawn: ${longestStall.toFixed(0)} ms`);
