// Fits a note's text into its box: the largest font size at which every line fits,
// falling back to the smallest size with the overflow cut off by an ellipsis.

export const NOTE_FONT_SIZES = [26, 22, 19, 16, 14, 12, 10.5] as const;
export const LINE_HEIGHT = 1.2;
export const NOTE_FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', 'DejaVu Sans', sans-serif";

/** Width of a string at a font size, in the same units as the box. */
export type Measure = (text: string, fontSize: number) => number;

export interface TextLayout {
  fontSize: number;
  lineHeight: number;
  lines: string[];
  truncated: boolean;
}

export function noteFont(fontSize: number): string {
  return `500 ${fontSize}px ${NOTE_FONT_FAMILY}`;
}

interface Wrapped {
  lines: string[];
  /** A word was too wide for a line and had to be split. */
  splitWord: boolean;
}

// Han, kana, CJK punctuation and full-width forms: text in these scripts has no spaces and may break between any two characters.
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
// Closing marks that may not begin a line (kinsoku): they stay with the character before them.
const NO_LINE_START = /^[、。，．・：；？！ー）」』】〕〉》”’々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)\]}>,.:;!?]$/;

interface Token {
  text: string;
  /** Joined to the previous token with a space (between words), or directly (between CJK characters). */
  spaced: boolean;
  /** May be split when too wide alone (a long Latin word); single CJK characters never are. */
  word: boolean;
}

/** A paragraph as breakable pieces: words, and each CJK character on its own. */
function tokens(paragraph: string): Token[] {
  const out: Token[] = [];
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    let run = '';
    let first = true;
    const flush = () => {
      if (run) out.push({ text: run, spaced: first, word: true });
      if (run) first = false;
      run = '';
    };
    for (const ch of word) {
      if (!CJK.test(ch)) {
        run += ch;
        continue;
      }
      flush();
      const prev = out[out.length - 1];
      if (NO_LINE_START.test(ch) && prev && !first) prev.text += ch;
      else out.push({ text: ch, spaced: first, word: false });
      first = false;
    }
    flush();
  }
  return out;
}

/** Breaks one paragraph into lines no wider than maxWidth, splitting words only when a word alone is too wide. */
function wrapParagraph(paragraph: string, fontSize: number, maxWidth: number, measure: Measure, out: Wrapped): void {
  const pieces = tokens(paragraph);
  const lines = out.lines;
  if (pieces.length === 0) {
    lines.push('');
    return;
  }
  const start = lines.length;
  let line = '';
  for (const piece of pieces) {
    const candidate = line ? `${line}${piece.spaced ? ' ' : ''}${piece.text}` : piece.text;
    if (measure(candidate, fontSize) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = piece.text;
    if (piece.word && measure(rest, fontSize) > maxWidth) out.splitWord = true;
    while (measure(rest, fontSize) > maxWidth && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut), fontSize) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  lines.push(line);
  // One CJK character alone on the last line reads as a mistake: give it a companion from the line above.
  const last = lines[lines.length - 1]!;
  const above = lines[lines.length - 2];
  if (lines.length - start >= 2 && above !== undefined && [...last].length === 1 && CJK.test(last) && [...above].length > 2) {
    const chars = [...above];
    const moved = chars.pop()!;
    if (!/\s/.test(moved) && CJK.test(moved)) {
      lines[lines.length - 2] = chars.join('');
      lines[lines.length - 1] = moved + last;
    }
  }
}

function wrap(text: string, fontSize: number, maxWidth: number, measure: Measure): Wrapped {
  const out: Wrapped = { lines: [], splitWord: false };
  for (const paragraph of text.split('\n')) wrapParagraph(paragraph, fontSize, maxWidth, measure, out);
  return out;
}

/** The sizes to try when text must read at least `minPx` on screen at this scale (Present mode). */
export function fontSizesAtLeast(minPx: number, scale: number): number[] {
  const floor = minPx / scale;
  const sizes = NOTE_FONT_SIZES.filter((s) => s > floor);
  return [...sizes, floor];
}

export function layoutNoteText(text: string, width: number, height: number, measure: Measure, sizes: readonly number[] = NOTE_FONT_SIZES): TextLayout {
  const trimmed = text.trim();
  const smallest = sizes[sizes.length - 1]!;
  for (const fontSize of sizes) {
    const lineHeight = fontSize * LINE_HEIGHT;
    const { lines, splitWord } = wrap(trimmed, fontSize, width, measure);
    // A smaller size that keeps words whole reads better than a larger one that splits them.
    if (splitWord && fontSize !== smallest) continue;
    if (lines.length * lineHeight <= height) return { fontSize, lineHeight, lines, truncated: false };
  }
  const fontSize = smallest;
  const lineHeight = fontSize * LINE_HEIGHT;
  const maxLines = Math.max(1, Math.floor(height / lineHeight));
  const lines = wrap(trimmed, fontSize, width, measure).lines.slice(0, maxLines);
  let last = lines[maxLines - 1] ?? '';
  while (last.length > 0 && measure(`${last}…`, fontSize) > width) last = last.slice(0, -1);
  lines[maxLines - 1] = `${last.trimEnd()}…`;
  return { fontSize, lineHeight, lines, truncated: true };
}
