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

export interface LoadedFont {
  /** The name the font is registered under in each PDF document. */
  name: string;
  data: Buffer;
  font: fontkit.Font;
}

export interface FontStack {
  regular: LoadedFont[];
  bold: LoadedFont[];
}

const require = createRequire(import.meta.url);
let stack: FontStack | null = null;

function load(weight: keyof typeof FILES): LoadedFont[] {
  return FILES[weight].map((file, i) => {
    const data = readFileSync(require.resolve(file));
    return { name: `${weight}-${i}`, data, font: fontkit.create(data) };
  });
}

/** Loads (once per process) every font of the stack; fontkit parses tables lazily, so this is cheap. */
export function loadFontStack(): FontStack {
  stack ??= { regular: load('regular'), bold: load('bold') };
  return stack;
}
