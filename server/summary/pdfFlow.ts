import type {} from 'pdfkit'; // brings the global PDFKit type namespace into scope
import { wrapText } from '@shared/summary/textLayout';
import type { PdfText, TextStyle } from './pdfText';

// A top-to-bottom text flow on A4 pages: wraps with real font metrics and starts a new page when full.

export const PAGE = { width: 595.28, height: 841.89, margin: 54, footer: 30 } as const;

export const COLORS = { ink: '#1e293b', muted: '#475569', faint: '#94a3b8', rule: '#e2e8f0', accent: '#334155' } as const;

export interface Block {
  lines: string[];
  style: TextStyle;
  lineHeight: number;
  indent: number;
}

export class PdfFlow {
  y: number = PAGE.margin;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly text: PdfText,
  ) {}

  get left(): number {
    return PAGE.margin;
  }

  get width(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  get bottom(): number {
    return PAGE.height - PAGE.margin - PAGE.footer;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = PAGE.margin;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > PAGE.margin) this.newPage();
  }

  gap(points: number): void {
    this.y += points;
  }

  /** Wraps text to the flow's width (less indent) without drawing it. */
  block(text: string, style: TextStyle, indent = 0, lineHeight = style.size * 1.38): Block {
    const lines = wrapText(text, { width: this.width - indent, size: style.size, bold: style.bold, measure: this.text.measure });
    return { lines, style, lineHeight, indent };
  }

  height(block: Block): number {
    return block.lines.length * block.lineHeight;
  }

  /** Draws a wrapped block; lines that do not fit continue on the next page. */
  draw(block: Block): void {
    for (const line of block.lines) {
      this.ensure(block.lineHeight);
      this.text.draw(this.doc, line, this.left + block.indent, this.y + block.style.size, block.style);
      this.y += block.lineHeight;
    }
  }

  paragraph(text: string, style: TextStyle, indent = 0, after = 6): void {
    this.draw(this.block(text, style, indent));
    this.y += after;
  }

  heading(text: string, size = 15): void {
    this.ensure(size * 4);
    this.y += size * 0.6;
    this.text.draw(this.doc, text, this.left, this.y + size, { size, bold: true, color: COLORS.ink });
    this.y += size * 1.5;
    this.doc.save().moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.8).strokeColor(COLORS.rule).stroke().restore();
    this.y += 8;
  }
}
