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

interface Shaped {
  glyphs: fontkit.Glyph[];
  positions: fontkit.GlyphPosition[];
  /** Sum of the advances, per point of font size. */
  width: number;
}

export class LoadedFont {
  private readonly shaped = new Map<string, Shaped>();
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
      const run = this.font.layout(text);
      shaped = { glyphs: run.glyphs, positions: run.positions, width: run.advanceWidth / this.font.unitsPerEm };
      if (this.shaped.size >= MAX_SHAPED) this.shaped.clear();
      this.shaped.set(text, shaped);
    }
    return shaped;
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
