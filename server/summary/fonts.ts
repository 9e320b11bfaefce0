import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

// Fonts come from npm packages so a fresh `npm ci` has them; the order is the fallback order.
// Noto Sans covers Latin, Greek and Cyrillic; Noto Sans JP the CJK ideographs and kana;
// Noto Emoji (monochrome outlines, which PDF can draw) the emoji; DejaVu Sans arrows, shapes and more scripts.

const FILES = {
  regular: [
    '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
    '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
    'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  ],
  bold: [
    '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
    '@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf',
    'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  ],
} as const;

// Shaping a word costs fontkit about 90 µs; words repeat across notes and exports, so shaped words are
// kept per font, up to a bound that keeps a long-running server's memory flat.
const MAX_SHAPED = 20_000;

/**
 * Characters a word of numbers is made of (counts, percentages, page numbers, "#12"). A font that
 * neither kerns nor substitutes between any two of them lays such a word out exactly as its
 * characters one after another, so it is put together from the shaped characters instead of
 * being shaped anew: a board's numbers are mostly new words, and each would cost a shaping.
 * The space is among them because a word is measured and drawn with the space after it.
 */
const NUMERIC = new Set('0123456789#%.,:+-() ');

interface Shaped {
  glyphs: fontkit.Glyph[];
  positions: fontkit.GlyphPosition[];
  /** Sum of the advances, per point of font size. */
  width: number;
}

export class LoadedFont {
  private readonly shaped = new Map<string, Shaped>();
  /** Whether numeric words may be put together from their characters (checked once, on first need). */
  private composesNumbers: boolean | undefined;
  /** What pdfkit embeds and lays out with: the same font, shaping through this font's cache. */
  readonly pdfkitFont: fontkit.Font;

  constructor(
    /** The name the font is registered under in each PDF document. */
    readonly name: string,
    private readonly font: fontkit.Font,
  ) {
    const layout = (text: string, features?: unknown): fontkit.GlyphRun => (features === undefined ? runCopy(this.shape(text)) : font.layout(text, features));
    this.pdfkitFont = new Proxy(font, { get: (target, key) => (key === 'layout' ? layout : Reflect.get(target, key)) });
  }

  hasGlyph(codePoint: number): boolean {
    return this.font.hasGlyphForCodePoint(codePoint);
  }

  /** Advance width of the text, per point of font size. */
  width(text: string): number {
    return this.shape(text).width;
  }

  private shape(text: string): Shaped {
    let shaped = this.shaped.get(text);
    if (!shaped) {
      shaped = this.isComposable(text) ? this.compose(text) : this.layOut(text);
      if (this.shaped.size >= MAX_SHAPED) this.shaped.clear();
      this.shaped.set(text, shaped);
    }
    return shaped;
  }

  private layOut(text: string): Shaped {
    const run = this.font.layout(text);
    return { glyphs: run.glyphs, positions: run.positions, width: run.advanceWidth / this.font.unitsPerEm };
  }

  private isComposable(text: string): boolean {
    if (text.length < 2) return false;
    for (const ch of text) if (!NUMERIC.has(ch)) return false;
    this.composesNumbers ??= this.checkNumbersCompose();
    return this.composesNumbers;
  }

  /** The characters' shapes one after another; valid only where checkNumbersCompose said so. */
  private compose(text: string): Shaped {
    const glyphs: fontkit.Glyph[] = [];
    const positions: fontkit.GlyphPosition[] = [];
    let width = 0;
    for (const ch of text) {
      const one = this.shape(ch);
      glyphs.push(...one.glyphs);
      for (const p of one.positions) positions.push({ ...p });
      width += one.width;
    }
    return { glyphs, positions, width };
  }

  /** True when every numeric character has a glyph and every pair of them lays out as the two apart. */
  private checkNumbersCompose(): boolean {
    const chars = [...NUMERIC];
    if (!chars.every((ch) => this.font.hasGlyphForCodePoint(ch.codePointAt(0)!))) return false;
    const single = new Map(chars.map((ch) => [ch, this.shape(ch)]));
    for (const a of chars) {
      for (const b of chars) {
        const pair = this.font.layout(a + b);
        const parts = [...single.get(a)!.glyphs, ...single.get(b)!.glyphs];
        if (pair.glyphs.length !== parts.length || pair.glyphs.some((g, i) => g.id !== parts[i]!.id)) return false;
        const apart = [...single.get(a)!.positions, ...single.get(b)!.positions];
        const same = (x: fontkit.GlyphPosition, y: fontkit.GlyphPosition) =>
          x.xAdvance === y.xAdvance && x.yAdvance === y.yAdvance && x.xOffset === y.xOffset && x.yOffset === y.yOffset;
        if (pair.positions.some((pos, i) => !same(pos, apart[i]!))) return false;
      }
    }
    return true;
  }
}

/** A run pdfkit may own: it scales the positions it gets in place, so each caller gets fresh ones. */
function runCopy(shaped: Shaped): fontkit.GlyphRun {
  const positions = shaped.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset }));
  return {
    glyphs: shaped.glyphs,
    positions,
    get advanceWidth() {
      return positions.reduce((sum, p) => sum + p.xAdvance, 0);
    },
  };
}

export interface FontStack {
  regular: LoadedFont[];
  bold: LoadedFont[];
}

const require = createRequire(import.meta.url);
let stack: FontStack | null = null;

function load(weight: keyof typeof FILES): LoadedFont[] {
  return FILES[weight].map((file, i) => new LoadedFont(`${weight}-${i}`, fontkit.create(readFileSync(require.resolve(file)))));
}

/** Loads (once per process) every font of the stack; fontkit parses tables lazily, so this is cheap. */
export function loadFontStack(): FontStack {
  stack ??= { regular: load('regular'), bold: load('bold') };
  return stack;
}
