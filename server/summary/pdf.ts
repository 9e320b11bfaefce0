import PDFDocument from 'pdfkit';
import { QUADRANTS } from '@shared/matrix';
import { PALETTE } from '@shared/palette';
import { QUADRANT_ACCENT } from '@shared/palette';
import { buildBoardScene } from '@shared/summary/boardScene';
import { actionLine, byLine, counted, fenceLabel, generatedLine, moveLine, percent, placementName, positionLabel, sessionWhen, takeawayLine, tr } from '@shared/summary/format';
import { fitLine } from '@shared/summary/textLayout';
import type { PathSummary, Summary, SummaryNote } from '@shared/summary/types';
import { pictureSummary } from './boardCulling';
import { drawBoardScene, placeBoardScene } from './pdfBoard';
import { COLORS, PAGE, PdfFlow, type Block } from './pdfFlow';
import { Painter } from './pdfPainter';
import { pdfText, type PdfText } from './pdfText';
import { runInSlices } from './slices';

// The PDF report: page 1 is the board as people saw it, then the summary, with the fonts it uses embedded.

const BODY = 10;
const SMALL = 8.5;

/** Renders the summary as a PDF in slices (see slices.ts); resolves with the whole file. */
export async function renderPdf(summary: Summary): Promise<Buffer> {
  const text = pdfText();
  const title = summary.workshop.title.trim() || tr(summary)('untitled');
  // Pages are not buffered: each is written out, in its own slice, as the next one starts.
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    lang: summary.language,
    displayTitle: true,
    info: { Title: `${title}: Four Paths summary`, Author: 'Four Paths', Subject: 'Session summary', CreationDate: new Date(summary.generatedAt) },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  await runInSlices(pages(doc, text, summary, title));
  doc.end();
  return done;
}

function* pages(doc: PDFKit.PDFDocument, text: PdfText, summary: Summary, title: string): Generator<void> {
  // A font's first shaping parses its layout tables, tens of milliseconds: each main font gets its own slice.
  for (const bold of [false, true]) {
    text.measure(' ', 1, bold);
    yield;
  }
  // The summary pages are laid out first, in slices: they measure every note's words, so laying out
  // the board picture, which happens in one call, finds them measured.
  const flow = new PdfFlow(text);
  yield* summaryPages(flow, summary, title);
  const scene = buildBoardScene(yield* pictureSummary(summary), { measure: text.measure });
  yield;
  const cover = new PdfFlow(text);
  const m = 36;
  const words = readingBlock(cover, summary);
  const at = placeBoardScene(scene, { x: m, y: m, w: PAGE.width - 2 * m, h: cover.bottom - m - readingHeight(cover, words) - 12 });
  cover.y = m + at.height + 8;
  reading(cover, words, tr(summary)('heading.reading'));

  const painter = new Painter(doc, text);
  const label = fitLine(`Four Paths  ·  ${title}`, 380, (s) => text.measure(s, 8, false));
  const pageLabel = (page: number, pages: number) => tr(summary)('page', { page, pages });
  const all = [...cover.pages, ...flow.pages];
  for (const [i, page] of all.entries()) {
    if (i > 0) doc.addPage({ size: 'A4', margin: 0 });
    if (i === 0) yield* drawBoardScene(doc, painter, scene, at);
    for (const paint of page) paint(painter);
    footer(painter, label, pageLabel(i + 1, all.length));
    painter.flush();
    yield;
  }
}

function* summaryPages(flow: PdfFlow, summary: Summary, title: string): Generator<void> {
  header(flow, summary, title);
  balance(flow, summary);
  yield* topVoted(flow, summary);
  yield* actions(flow, summary);
  for (const q of QUADRANTS) yield* pathSection(flow, summary, summary.paths[q]);
  yield* parking(flow, summary);
  yield* toDiscuss(flow, summary);
  participation(flow, summary);
  flow.gap(10);
  flow.paragraph(generatedLine(summary), { size: SMALL, color: COLORS.faint });
}

function header(flow: PdfFlow, summary: Summary, title: string): void {
  flow.paragraph(title, { size: 22, bold: true, color: COLORS.ink }, 0, 2);
  const t = tr(summary);
  flow.paragraph(t('subtitle'), { size: 11, color: COLORS.muted }, 0, 14);
  const facts: Array<[string, string]> = [
    [t('facts.when'), sessionWhen(summary)],
    [t('facts.facilitatedBy'), summary.facilitators.join(', ') || t('facts.nobodyNamed')],
    [t('facts.participants', { count: summary.participants.count }), summary.participants.names.join(', ') || t('facts.noneYet')],
    [t('facts.notes'), t('facts.notesValue', { total: summary.totals.notes, placed: summary.totals.placed, unplaced: summary.totals.unplaced })],
    [t('facts.votesCast'), summary.votesHidden ? t('facts.votesHidden') : String(summary.totals.votes)],
  ];
  const labelWidth = 118;
  for (const [label, value] of facts) {
    const block = flow.block(value, { size: BODY, color: COLORS.ink }, labelWidth);
    flow.ensure(flow.height(block));
    flow.write(label, flow.left, flow.y + BODY, { size: BODY - 0.5, bold: true, color: COLORS.muted });
    flow.draw(block);
    flow.gap(3);
  }
  for (const notice of summary.notices) {
    flow.gap(6);
    const block = flow.block(notice, { size: BODY, color: '#92400e' }, 14);
    const h = flow.height(block) + 12;
    flow.ensure(h);
    flow.fillRect(flow.left, flow.y, flow.width, h, '#fef3c7', 4);
    flow.gap(6);
    flow.draw(block);
    flow.gap(6);
  }
}

function readingBlock(flow: PdfFlow, summary: Summary): Block {
  return flow.block(summary.balance.sentence, { size: 10, color: COLORS.ink }, 14, 14);
}

function readingHeight(flow: PdfFlow, block: Block): number {
  return flow.height(block) + 34;
}

/** Under the picture: the balance in words, to read aloud. */
function reading(flow: PdfFlow, block: Block, heading: string): void {
  const h = readingHeight(flow, block);
  const top = flow.y;
  flow.fillRect(flow.left, top, flow.width, h, '#f8fafc');
  flow.fillRect(flow.left, top, 3, h, QUADRANT_ACCENT['collective-values']);
  flow.write(heading, flow.left + 14, top + 19, { size: 10.5, bold: true, color: COLORS.ink });
  flow.y = top + 28;
  flow.draw(block);
  flow.y = top + h;
}

function balance(flow: PdfFlow, summary: Summary): void {
  const t = tr(summary);
  const pct = (share: number) => percent(share, summary.language);
  flow.heading(t('heading.balance'));
  const b = summary.balance;
  const facts = [
    counted(summary, 'placedNotes', b.placed),
    t('balance.identityShare', { share: pct(b.identity.share) }),
    t('balance.externalShare', { share: pct(b.external.share) }),
    b.centroid ? t('balance.average', { position: positionLabel(b.centroid.position, summary) }) : null,
  ].filter((f): f is string => f !== null);
  flow.paragraph(facts.join('  ·  '), { size: 9.5, color: COLORS.muted }, 0, 10);
  const nameWidth = 120;
  const barWidth = flow.width - nameWidth - 110;
  for (const q of QUADRANTS) {
    const p = summary.paths[q];
    flow.ensure(20);
    const y = flow.y;
    flow.write(p.name, flow.left, y + 11, { size: BODY, bold: p.engagesIdentity, color: COLORS.ink });
    flow.fillRect(flow.left + nameWidth, y + 2, barWidth, 11, '#f1f5f9', 2);
    if (p.share > 0) flow.fillRect(flow.left + nameWidth, y + 2, Math.max(3, barWidth * p.share), 11, QUADRANT_ACCENT[q], 2);
    flow.write(`${counted(summary, 'notes', p.count)} · ${pct(p.share)}`, flow.left + nameWidth + barWidth + 10, y + 11, { size: 9, color: COLORS.muted });
    flow.y += 19;
  }
  flow.paragraph(t('path.boldIdentity'), { size: SMALL, color: COLORS.faint }, 0, 4);
}

function noteFacts(note: SummaryNote, summary: Summary, withPath: boolean): string {
  return [
    withPath ? placementName(note.placement, summary) : null,
    byLine(note.author, summary),
    summary.votesHidden || note.votes === 0 ? null : counted(summary, 'votes', note.votes),
    note.position ? positionLabel(note.position, summary) : null,
    note.onFence ? tr(summary)('discuss.onFence', { between: fenceLabel(note.fenceBetween, summary) }) : null,
  ]
    .filter((f): f is string => f !== null)
    .join('  ·  ');
}

/** One note: a chip in its colour, its text, and a line of facts; kept together on one page when it fits. */
function noteItem(flow: PdfFlow, note: SummaryNote, facts: string, emptyLabel: string, extra: string[] = []): void {
  const indent = 16;
  const empty = !note.text.trim();
  const body = flow.block(empty ? emptyLabel : note.text, { size: BODY, color: empty ? COLORS.faint : COLORS.ink }, indent, 13.5);
  const meta = flow.block(facts, { size: SMALL, color: COLORS.muted }, indent, 11.5);
  const more = extra.map((line) => flow.block(line, { size: SMALL, color: COLORS.muted }, indent + 10, 11.5));
  const total = flow.height(body) + flow.height(meta) + more.reduce((sum, b) => sum + flow.height(b), 0) + 7;
  flow.ensure(Math.min(total, flow.bottom - flow.y + 1));
  flow.fillRect(flow.left + 1, flow.y + 2.5, 9, 9, PALETTE[note.color], 1.5);
  flow.draw(body);
  flow.draw(meta);
  for (const b of more) flow.draw(b);
  flow.gap(7);
}

function* topVoted(flow: PdfFlow, summary: Summary): Generator<void> {
  const t = tr(summary);
  flow.heading(t('heading.topVoted'));
  if (summary.votesHidden) return flow.paragraph(t('topVoted.hidden'), { size: BODY, color: COLORS.muted });
  if (summary.topVoted.length === 0) return flow.paragraph(t('topVoted.none'), { size: BODY, color: COLORS.muted });
  for (const note of summary.topVoted) {
    noteItem(flow, note, noteFacts(note, summary, true), t('note.empty'));
    yield;
  }
}

/** Every action with its owner: what the group takes home. */
function* actions(flow: PdfFlow, summary: Summary): Generator<void> {
  flow.heading(tr(summary)('heading.actions'));
  if (summary.actions.length === 0) return flow.paragraph(tr(summary)('actions.none'), { size: BODY, color: COLORS.muted });
  for (const [i, a] of summary.actions.entries()) {
    flow.paragraph(`${i + 1}. ${actionLine(a, summary)}`, { size: BODY, color: COLORS.ink }, 0, 4);
    if (i % 50 === 49) yield;
  }
}

function* pathSection(flow: PdfFlow, summary: Summary, p: PathSummary): Generator<void> {
  flow.ensure(150);
  flow.heading(p.name);
  const chip = flow.y - 8 - 15 * 1.5 + 2;
  flow.fillRect(flow.left + flow.width - 12, chip, 12, 12, QUADRANT_ACCENT[p.key], 2);
  const { trigger, aim } = summary.wording.axes;
  flow.paragraph(p.hint, { size: 10, color: COLORS.muted }, 0, 2);
  flow.paragraph(`${trigger.label}: ${p.trigger === 'internal' ? trigger.low : trigger.high}  ·  ${aim.label}: ${p.aim === 'meaning' ? aim.high : aim.low}${p.engagesIdentity ? `  ·  ${tr(summary)('path.identity')}` : ''}`, { size: 9, color: COLORS.muted }, 0, 4);
  flow.paragraph(p.description, { size: BODY, color: COLORS.ink }, 0, 4);
  for (const [label, value] of [
    [tr(summary)('path.promotedBy'), p.promoters],
    [tr(summary)('path.risk'), p.risk],
  ] as const) {
    flow.ensure(14);
    flow.write(`${label}: `, flow.left, flow.y + 9.5, { size: 9.5, bold: true, color: COLORS.muted });
    flow.write(value, flow.left + flow.text.measure(`${label}: `, 9.5, true), flow.y + 9.5, { size: 9.5, color: COLORS.ink });
    flow.gap(13.5);
  }
  flow.gap(4);
  flow.paragraph(tr(summary)('path.count', { notes: counted(summary, 'notes', p.count), share: percent(p.share, summary.language) }), { size: BODY, bold: true, color: COLORS.ink }, 0, 8);
  for (const note of p.notes) {
    noteItem(flow, note, noteFacts(note, summary, false), tr(summary)('note.empty'), note.takeaways.map((item) => `• ${takeawayLine(item, summary)}`));
    yield;
  }
}

function* parking(flow: PdfFlow, summary: Summary): Generator<void> {
  const t = tr(summary);
  flow.heading(t('heading.parking'));
  if (summary.unplaced.length === 0) return flow.paragraph(t('parking.all'), { size: BODY, color: COLORS.muted });
  flow.paragraph(t('parking.some', { notes: counted(summary, 'notes', summary.unplaced.length) }), { size: BODY, color: COLORS.muted }, 0, 8);
  for (const note of summary.unplaced) {
    noteItem(flow, note, noteFacts(note, summary, false), t('note.empty'), note.takeaways.map((item) => `• ${takeawayLine(item, summary)}`));
    yield;
  }
}

function* toDiscuss(flow: PdfFlow, summary: Summary): Generator<void> {
  const t = tr(summary);
  flow.heading(t('heading.toDiscuss'));
  if (summary.toDiscuss.length === 0) return flow.paragraph(t('discuss.none'), { size: BODY, color: COLORS.muted });
  flow.paragraph(t('discuss.intro'), { size: BODY, color: COLORS.muted }, 0, 8);
  for (const { note, reasons } of summary.toDiscuss) {
    const why = [
      placementName(note.placement, summary),
      reasons.includes('on-fence') ? t('discuss.onFence', { between: fenceLabel(note.fenceBetween, summary) }) : null,
      reasons.includes('moved') ? t('discuss.moved', { count: note.quadrantChanges }) : null,
    ].filter((r): r is string => r !== null);
    noteItem(flow, note, why.join('  ·  '), t('note.empty'), note.moves.map((m) => `• ${moveLine(m, summary)}`));
    yield;
  }
}

function participation(flow: PdfFlow, summary: Summary): void {
  const t = tr(summary);
  flow.heading(t('heading.participation'));
  if (summary.participation.length === 0) return flow.paragraph(t('participation.none'), { size: BODY, color: COLORS.muted });
  const votesKnown = summary.participation.some((r) => r.votes !== null);
  const colNotes = flow.left + flow.width - (votesKnown ? 150 : 60);
  const colVotes = flow.left + flow.width - 10;
  const row = (cells: [string, string, string], bold: boolean, shade: boolean) => {
    flow.ensure(18);
    if (shade) flow.fillRect(flow.left, flow.y, flow.width, 17, '#f8fafc');
    const style = { size: 9.5, bold, color: bold ? COLORS.muted : COLORS.ink };
    const name = fitLine(cells[0], colNotes - flow.left - 80, (s) => flow.text.measure(s, 9.5, bold));
    flow.write(name, flow.left + 6, flow.y + 12, style);
    flow.write(cells[1], colNotes, flow.y + 12, { ...style, anchor: 'end' });
    if (votesKnown) flow.write(cells[2], colVotes, flow.y + 12, { ...style, anchor: 'end' });
    flow.y += 17;
  };
  row([t('participation.person'), t('participation.notesWritten'), t('participation.votesCast')], true, false);
  summary.participation.forEach((r, i) => {
    row([`${r.name}${r.role === 'facilitator' ? ` (${t('participation.facilitator')})` : ''}`, String(r.notes), String(r.votes ?? 0)], false, i % 2 === 0);
  });
  flow.gap(6);
  flow.paragraph(t('participation.privacy'), { size: SMALL, color: COLORS.faint });
}

/** "Four Paths · title" and "Page n of N" at the foot of the page. */
function footer(painter: Painter, label: string, page: string): void {
  const y = PAGE.height - 26;
  painter.text(label, PAGE.margin, y, { size: 8, color: COLORS.faint });
  painter.text(page, PAGE.width - PAGE.margin, y, { size: 8, color: COLORS.faint, anchor: 'end' });
}
