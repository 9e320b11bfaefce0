import PDFDocument from 'pdfkit';
import { QUADRANTS } from '@shared/matrix';
import { percent } from '@shared/summary/format';
import type { SeriesSummary } from '@shared/summary/series';
import { seriesPlacementName } from '@shared/summary/seriesText';
import { COLORS, PAGE, PdfFlow } from './pdfFlow';
import { Painter } from './pdfPainter';
import { pdfText } from './pdfText';

// The series comparison as a PDF: a few pages of text, drawn with the summary's fonts.

export function renderSeriesPdf(s: SeriesSummary): Promise<Buffer> {
  const text = pdfText();
  const doc = new PDFDocument({ size: 'A4', margin: 0, lang: 'en', displayTitle: true, info: { Title: 'Four Paths: series comparison', Author: 'Four Paths' } });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const flow = new PdfFlow(text);
  const body = { size: 10, color: COLORS.ink };
  flow.paragraph('Four Paths: the same exercise with several groups', { size: 20, bold: true, color: COLORS.ink }, 0, 4);
  flow.paragraph(`${s.groups.length} groups in this series. Generated ${s.generatedAt.slice(0, 10)}.`, { size: 10, color: COLORS.muted }, 0, 10);
  flow.heading('Balance per group');
  for (const g of s.groups) {
    flow.paragraph(`${g.title} (${g.date}): ${g.notes} notes, ${g.placed} placed; ${percent(g.identityShare)} in the identity paths`, { ...body, bold: true }, 0, 2);
    flow.paragraph(QUADRANTS.map((q) => `${s.pathNames[q]} ${g.perPath[q].count} (${percent(g.perPath[q].share)})`).join('  ·  '), { size: 9, color: COLORS.muted }, 0, 8);
  }
  flow.heading('Top-voted notes per group');
  for (const g of s.groups) {
    flow.paragraph(g.title, { ...body, bold: true }, 0, 2);
    if (g.topVoted.length === 0) flow.paragraph('No votes.', { size: 9, color: COLORS.muted }, 0, 6);
    g.topVoted.forEach((n, i) => flow.paragraph(`${i + 1}. ${n.text} · ${n.votes} vote${n.votes === 1 ? '' : 's'} · ${seriesPlacementName(s, n.placement)}`, body, 10, 2));
    flow.gap(6);
  }
  flow.heading('Same note, different path');
  if (s.splits.length === 0) flow.paragraph('Every note that several groups wrote landed on the same path in each of them.', body);
  for (const split of s.splits) {
    flow.paragraph(split.text, { ...body, bold: true }, 0, 2);
    flow.paragraph(split.placements.map((p) => `${p.group}: ${seriesPlacementName(s, p.placement)}`).join('  ·  '), { size: 9, color: COLORS.muted }, 10, 8);
  }
  const painter = new Painter(doc, text);
  flow.pages.forEach((page, i) => {
    if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
    for (const paint of page) paint(painter);
    painter.text(`Page ${i + 1} of ${flow.pages.length}`, PAGE.width - PAGE.margin, PAGE.height - 26, { size: 8, color: COLORS.faint, anchor: 'end' });
    painter.flush();
  });
  doc.end();
  return done;
}
