import { wrapText } from '@shared/summary/textLayout';
import type { Painter } from './pdfPainter';
import type { PdfText, TextStyle } from './pdfText';

// A top-to-bottom text flow on A4 pages: wraps with real font metrics and starts a new page when full.
// It lays out before anything is drawn, keeping what goes on each page, so the page count is known when
// the first page is drawn and each page can be written out (and compressed) as soon as it is finished.

export const PAGE = { width: 595.28, height: 841.89, margin: 54, footer: 30 } as const;

export const COLORS = { ink: '#1e293b', muted: '#475569', faint: '#94a3b8', rule: '#e2e8f0', accent: '#334155' } as const;

export interface Block {
  lines: string[];
  style: TextStyle;
  lineHeight: number;
  indent: number;
}

/** Drawing for the page it was laid out for. */
export type Paint = (painter: Painter) => void;

export class PdfFlow {
  y: number = PAGE.margin;
  readonly pages: Paint[][] = [[]];

  constructor(readonly text: PdfText) {}

  get left(): number {
    return PAGE.margin;
  }

  get width(): number {
    return PAGE.width - 2 * PAGE.margin;
  }

  get bottom(): number {
    return PAGE.height - PAGE.margin - PAGE.footer;
  }

  /** Adds to the current page. */
  paint(op: Paint): void {
    this.pages[this.pages.length - 1]!.push(op);
  }

  /** One line of text with its baseline at y, on the current page. */
  write(line: string, x: number, y: number, style: TextStyle): void {
    this.paint((painter) => painter.text(line, x, y, style));
  }

  /** A filled rectangle, rounded when radius > 0, on the current page. */
  fillRect(x: number, y: number, w: number, h: number, color: string, radius = 0): void {
    this.paint((painter) => painter.fillRect(x, y, w, h, color, radius));
  }

  newPage(): void {
    this.pages.push([]);
    this.y = PAGE.margin;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > PAGE.margin) this.newPage();
  }

  gap(points: number): void {
    this.y += points;
  }

  /** Wraps text to the flow's width (less indent) without placing it. */
  block(text: string, style: TextStyle, indent = 0, lineHeight = style.size * 1.38): Block {
    const lines = wrapText(text, { width: this.width - indent, size: style.size, bold: style.bold, measure: this.text.measure });
    return { lines, style, lineHeight, indent };
  }

  height(block: Block): number {
    return block.lines.length * block.lineHeight;
  }

  /** Places a wrapped block; lines that do not fit continue on the next page. */
  draw(block: Block): void {
    for (const line of block.lines) {
      this.ensure(block.lineHeight);
      this.write(line, this.left + block.indent, this.y + block.style.size, block.style);
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
    this.write(text, this.left, this.y + size, { size, bold: true, color: COLORS.ink });
    this.y += size * 1.5;
    const { left, width, y } = this;
    this.paint((painter) => painter.strokeLine(left, y, left + width, y, 0.8, COLORS.rule));
    this.y += 8;
  }
}
