// Line wrapping for pictures of the board (SVG and the PDF's first page).

/** Width of text at a font size, in the same units as the size. */
export type Measure = (text: string, size: number, bold: boolean) => number;

// Advance widths of ASCII 32…126 in Noto Sans, per 1000 em. The SVG is drawn with whatever the
// viewer has: DejaVu Sans, the widest common fallback, runs about 10% wider, hence FALLBACK_SLACK.
const REGULAR = [
  260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372, 572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 268, 268, 572, 572,
  572, 434, 899, 639, 650, 632, 730, 556, 519, 728, 741, 339, 273, 619, 524, 907, 760, 781, 605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572, 329,
  372, 329, 572, 444, 281, 561, 615, 480, 615, 564, 344, 615, 618, 258, 258, 534, 258, 935, 618, 605, 615, 615, 413, 479, 361, 618, 508, 786, 529, 510,
  470, 380, 551, 380, 572,
];
const BOLD = [
  260, 282, 479, 646, 572, 902, 750, 266, 339, 339, 542, 572, 285, 320, 281, 415, 572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 281, 285, 572, 572,
  572, 477, 898, 692, 665, 642, 732, 560, 549, 724, 765, 389, 331, 664, 559, 943, 813, 791, 621, 791, 656, 551, 577, 756, 650, 967, 670, 626, 579, 331,
  415, 331, 572, 411, 365, 599, 632, 516, 632, 597, 387, 632, 650, 299, 298, 620, 298, 975, 650, 625, 632, 632, 447, 502, 434, 650, 571, 856, 578, 571,
  493, 394, 551, 394, 572,
];

const FALLBACK_SLACK = 1.1;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function isEmoji(cp: number): boolean {
  return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf);
}

function isZeroWidth(cp: number): boolean {
  return (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b || cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
}

/** An estimate that errs wide, for renderers that cannot measure fonts (the SVG is drawn by the viewer's browser). */
export const estimateWidth: Measure = (text, size, bold) => {
  const table = bold ? BOLD : REGULAR;
  let em = 0;
  // Index loop rather than for…of: this runs for every word of every note, and per-character strings cost GC time.
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp >= 32 && cp <= 126) em += table[cp - 32]! / 1000;
    else if (isZeroWidth(cp)) continue;
    else if (isWide(cp)) em += 1;
    else if (isEmoji(cp)) em += 1.2;
    else em += bold ? 0.68 : 0.64;
  }
  return em * size * FALLBACK_SLACK;
};

/** Breakable pieces: words with their trailing spaces, and single wide (CJK) characters, which may break anywhere. */
function tokens(paragraph: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of paragraph) {
    const cp = ch.codePointAt(0)!;
    if (isWide(cp)) {
      if (current) out.push(current);
      out.push(ch);
      current = '';
    } else if (ch === ' ' || ch === '\t') {
      current += ' ';
      out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

/** Splits a word that is wider than a line into pieces that fit. */
function splitLong(word: string, fits: (s: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && !fits(piece + ch)) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

export interface WrapOptions {
  width: number;
  size: number;
  bold?: boolean;
  /** Lines beyond this are dropped and the last kept line ends with an ellipsis. */
  maxLines?: number;
  measure?: Measure;
}

export interface Wrapped {
  lines: string[];
  /** Lines were dropped to honour maxLines (the last kept one ends with "…"). */
  truncated: boolean;
  /** A word wider than a line had to be split. */
  splitWord: boolean;
}

/** Greedy word wrap honouring explicit line breaks; clamps to maxLines with "…". */
export function wrapLines(text: string, opts: WrapOptions): Wrapped {
  const measure = opts.measure ?? estimateWidth;
  const bold = opts.bold === true;
  const widthOf = (s: string) => measure(s, opts.size, bold);
  const fits = (s: string) => widthOf(s.trimEnd()) <= opts.width;
  const lines: string[] = [];
  const max = opts.maxLines ?? Infinity;
  let splitWord = false;
  // Line widths add up token by token (kerning across a word gap is negligible), so wrapping stays linear.
  outer: for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const token of tokens(paragraph)) {
      const core = token.trimEnd();
      const coreWidth = widthOf(core);
      const tokenWidth = core === token ? coreWidth : widthOf(token);
      if (lineWidth + coreWidth <= opts.width) {
        line += token;
        lineWidth += tokenWidth;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      if (lines.length > max) break outer;
      const pieces = coreWidth <= opts.width ? [token] : splitLong(token, fits);
      if (pieces.length > 1) splitWord = true;
      for (const piece of pieces.slice(0, -1)) lines.push(piece);
      line = pieces[pieces.length - 1] ?? '';
      lineWidth = line === token ? tokenWidth : widthOf(line);
    }
    lines.push(line.trimEnd());
    if (lines.length > max) break;
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length <= max) return { lines, truncated: false, splitWord };
  const kept = lines.slice(0, max);
  kept[max - 1] = ellipsize(kept[max - 1]!, opts.width, widthOf);
  return { lines: kept, truncated: true, splitWord };
}

export function wrapText(text: string, opts: WrapOptions): string[] {
  return wrapLines(text, opts).lines;
}

// The board's note sizes (client/canvas/noteText.ts) at 400 px per matrix unit.
export const NOTE_FONT_SIZES = [26, 22, 19, 16, 14, 12, 10.5] as const;
export const NOTE_LINE_HEIGHT = 1.2;

export interface FittedText {
  size: number;
  lineHeight: number;
  lines: string[];
}

/** Like the board: the largest size at which the whole text fits, words kept whole if any size allows; else the smallest, cut with "…". */
export function fitText(text: string, width: number, height: number, measure: Measure = estimateWidth, sizes: readonly number[] = NOTE_FONT_SIZES): FittedText {
  const trimmed = text.trim();
  const smallest = sizes[sizes.length - 1] ?? 10;
  for (const size of sizes) {
    const lineHeight = size * NOTE_LINE_HEIGHT;
    const maxLines = Math.max(1, Math.floor(height / lineHeight));
    const wrapped = wrapLines(trimmed, { width, size, maxLines, measure });
    if (wrapped.truncated || (wrapped.splitWord && size !== smallest)) continue;
    return { size, lineHeight, lines: wrapped.lines };
  }
  const lineHeight = smallest * NOTE_LINE_HEIGHT;
  const maxLines = Math.max(1, Math.floor(height / lineHeight));
  return { size: smallest, lineHeight, lines: wrapLines(trimmed, { width, size: smallest, maxLines, measure }).lines };
}

/** Shortens a line until it fits with a trailing "…". */
export function ellipsize(line: string, width: number, measureLine: (s: string) => number): string {
  const chars = Array.from(line.trimEnd());
  while (chars.length > 0 && measureLine(chars.join('') + '…') > width) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/** The line itself when it fits, else shortened with "…". */
export function fitLine(line: string, width: number, measureLine: (s: string) => number): string {
  return measureLine(line) <= width ? line : ellipsize(line, width, measureLine);
}
