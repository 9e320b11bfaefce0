import type { Anchor } from '@shared/summary/boardScene';
import type { Measure } from '@shared/summary/textLayout';
import { loadFontStack, type FontStack, type LoadedFont } from './fonts';

// Text in the PDF: each character goes to the first font of the stack that has a glyph for it;
// a character no font can draw becomes a visible replacement mark instead of an invisible gap.
// Widths are summed from words shaped once per process, the same pieces pdfkit shapes when it draws.

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

const UNKNOWN = -2;
// Word widths are kept up to a bound, like the shaped words behind them (fonts.ts).
const MAX_WORDS = 50_000;

function isJoiner(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
}

/** Where the piece of text starting at `start` ends: after its first space, else at the end. Pieces are
 * the unit pdfkit shapes on its own, and so the unit every width here is summed from. */
export function pieceEnd(text: string, start: number): number {
  const space = text.indexOf(' ', start);
  return space < 0 ? text.length : space + 1;
}

class Weight {
  /** Font index per code point of the Basic Multilingual Plane (UNKNOWN until asked), a Map beyond it. */
  private readonly bmp = new Int8Array(0x10000).fill(UNKNOWN);
  private readonly astral = new Map<number, number>();
  private readonly words = new Map<string, number>();
  /** The font that draws the replacement mark, or -1. */
  readonly fallback: number;

  constructor(readonly fonts: LoadedFont[]) {
    this.fallback = this.lookUp(MISSING_GLYPH.codePointAt(0)!);
  }

  private lookUp(cp: number): number {
    // Control characters have glyphs in no useful sense; show them as missing.
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? -1 : this.fonts.findIndex((f) => f.hasGlyph(cp));
  }

  /** Index in the stack of the font that draws this code point, or -1. */
  fontIndex(cp: number): number {
    if (cp < 0x10000) {
      const known = this.bmp[cp]!;
      if (known !== UNKNOWN) return known;
      return (this.bmp[cp] = this.lookUp(cp));
    }
    let index = this.astral.get(cp);
    if (index === undefined) this.astral.set(cp, (index = this.lookUp(cp)));
    return index;
  }

  /** Width of a piece per point of font size. */
  wordWidth(word: string): number {
    let perPoint = this.words.get(word);
    if (perPoint === undefined) {
      perPoint = 0;
      for (const run of this.runs(word)) perPoint += run.font.width(run.text);
      if (this.words.size >= MAX_WORDS) this.words.clear();
      this.words.set(word, perPoint);
    }
    return perPoint;
  }

  /** Splits text into runs of one font each, replacing what cannot be drawn. */
  runs(text: string): Run[] {
    const list = this.fonts;
    const out: Run[] = [];
    let current = -1;
    // The run so far is buffer + text[start, i): characters are copied in spans, not one by one.
    let buffer = '';
    let start = 0;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const next = i + (cp > 0xffff ? 2 : 1);
      if (isJoiner(cp)) {
        // Joiners and variation selectors only matter inside a run whose font shapes them (emoji sequences).
        if (current < 0 || !list[current]!.hasGlyph(cp)) {
          buffer += text.slice(start, i);
          start = next;
        }
        i = next;
        continue;
      }
      let index = this.fontIndex(cp);
      const missing = index < 0;
      if (missing) index = Math.max(this.fallback, 0);
      if (index !== current) {
        buffer += text.slice(start, i);
        if (buffer && current >= 0) out.push({ font: list[current]!, text: buffer });
        buffer = '';
        start = i;
        current = index;
      }
      if (missing) {
        buffer += text.slice(start, i) + (this.fallback >= 0 ? MISSING_GLYPH : '?');
        start = next;
      }
      i = next;
    }
    buffer += text.slice(start);
    if (buffer && current >= 0) out.push({ font: list[current]!, text: buffer });
    return out;
  }
}

export class PdfText {
  private readonly regular: Weight;
  private readonly bold: Weight;

  constructor(fonts: FontStack) {
    this.regular = new Weight(fonts.regular);
    this.bold = new Weight(fonts.bold);
  }

  /** Splits text into runs of one font each, replacing what cannot be drawn. */
  runs(text: string, bold = false): Run[] {
    return (bold ? this.bold : this.regular).runs(text);
  }

  readonly measure: Measure = (text, size, bold) => {
    const weight = bold ? this.bold : this.regular;
    let total = 0;
    for (let start = 0, end = 0; start < text.length; start = end) {
      end = pieceEnd(text, start);
      total += weight.wordWidth(text.slice(start, end));
    }
    return total * size;
  };
}

let shared: PdfText | null = null;

/** One PdfText per process, so widths measured for one export serve the next. */
export function pdfText(): PdfText {
  shared ??= new PdfText(loadFontStack());
  return shared;
}
