import type {} from 'pdfkit'; // brings the global PDFKit type namespace into scope
import type { Anchor } from '@shared/summary/boardScene';
import type { Measure } from '@shared/summary/textLayout';
import type { FontStack, LoadedFont } from './fonts';

// Text in the PDF: each character goes to the first font of the stack that has a glyph for it;
// a character no font can draw becomes a visible replacement mark instead of an invisible gap.

export const MISSING_GLYPH = '\uFFFD';

export interface Run {
  font: LoadedFont;
  text: string;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: string;
  anchor?: Anchor;
}

function isJoiner(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
}

export class PdfText {
  private readonly choice = { regular: new Map<number, number>(), bold: new Map<number, number>() };
  private readonly widths = new Map<string, number>();

  constructor(private readonly fonts: FontStack) {}

  /** Index in the stack of the font that draws this code point, or -1. */
  private fontIndex(cp: number, bold: boolean): number {
    const cache = bold ? this.choice.bold : this.choice.regular;
    let index = cache.get(cp);
    if (index === undefined) {
      const list = bold ? this.fonts.bold : this.fonts.regular;
      // Control characters have glyphs in no useful sense; show them as missing.
      index = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? -1 : list.findIndex((f) => f.font.hasGlyphForCodePoint(cp));
      cache.set(cp, index);
    }
    return index;
  }

  /** Splits text into runs of one font each, replacing what cannot be drawn. */
  runs(text: string, bold = false): Run[] {
    const list = bold ? this.fonts.bold : this.fonts.regular;
    const fallback = list.findIndex((f) => f.font.hasGlyphForCodePoint(MISSING_GLYPH.codePointAt(0)!));
    const out: Run[] = [];
    let current = -2;
    let buffer = '';
    const flush = () => {
      if (buffer && current >= 0) out.push({ font: list[current]!, text: buffer });
      buffer = '';
    };
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let index = this.fontIndex(cp, bold);
      let piece = ch;
      if (isJoiner(cp)) {
        // Joiners and variation selectors only matter inside a run whose font shapes them (emoji sequences).
        if (current >= 0 && list[current]!.font.hasGlyphForCodePoint(cp)) buffer += ch;
        continue;
      }
      if (index < 0) {
        index = fallback;
        piece = fallback >= 0 ? MISSING_GLYPH : '?';
        if (index < 0) index = 0;
      }
      if (index !== current) {
        flush();
        current = index;
      }
      buffer += piece;
    }
    flush();
    return out;
  }

  /** Width per point of text in one font, summed word by word: words repeat, and fontkit's shaping is the costly part. */
  private fontWidth(font: LoadedFont, text: string): number {
    let total = 0;
    for (const word of text.split(/(?<= )/)) {
      const key = `${font.name}\u0000${word}`;
      let perPoint = this.widths.get(key);
      if (perPoint === undefined) {
        perPoint = font.font.layout(word).advanceWidth / font.font.unitsPerEm;
        this.widths.set(key, perPoint);
      }
      total += perPoint;
    }
    return total;
  }

  private runWidth(run: Run, size: number): number {
    return this.fontWidth(run.font, run.text) * size;
  }

  readonly measure: Measure = (text, size, bold) => {
    let total = 0;
    for (const word of text.split(/(?<= )/)) {
      const key = `${bold ? 'b' : 'r'}\u0001${word}`;
      let perPoint = this.widths.get(key);
      if (perPoint === undefined) {
        perPoint = this.runs(word, bold).reduce((sum, run) => sum + this.fontWidth(run.font, run.text), 0);
        this.widths.set(key, perPoint);
      }
      total += perPoint;
    }
    return total * size;
  };

  /** Draws one line with its baseline at y; returns its width. */
  draw(surface: PDFKit.PDFDocument, text: string, x: number, y: number, style: TextStyle): number {
    const runs = this.runs(text, style.bold === true);
    const width = runs.reduce((sum, run) => sum + this.runWidth(run, style.size), 0);
    let cx = style.anchor === 'middle' ? x - width / 2 : style.anchor === 'end' ? x - width : x;
    surface.fillColor(style.color ?? '#1e293b');
    for (const run of runs) {
      surface.font(run.font.name).fontSize(style.size).text(run.text, cx, y, { lineBreak: false, baseline: 'alphabetic' });
      cx += this.runWidth(run, style.size);
    }
    return width;
  }
}
