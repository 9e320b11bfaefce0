import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { LoadedFont } from '../../server/summary/fonts';

const require = createRequire(import.meta.url);
const FILES = ['@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf', '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf'];
const WORDS = ['#1234 ', '36 ', '12 %', '#5000', '12.5%', '(3)', '-7', '+12', '1,000', '10:30', '2026', '100%', '0.25', '99', '#7', '3.', ...Array.from({ length: 300 }, (_, i) => String(i * 37))];

/** A font that counts the layouts asked of it. */
function counted(file: string) {
  const font = fontkit.create(readFileSync(require.resolve(file)));
  const calls = { n: 0 };
  const proxy = new Proxy(font, {
    get: (target, key) => (key === 'layout' ? (text: string, f?: unknown) => (calls.n++, target.layout(text, f)) : Reflect.get(target, key)),
  });
  return { font, proxy, calls };
}

describe.each(FILES)('numbers in %s', (file) => {
  it('are laid out exactly as the font lays them out, glyph for glyph', () => {
    const { font, proxy } = counted(file);
    const loaded = new LoadedFont('test', proxy);
    for (const word of WORDS) {
      const ours = loaded.pdfkitFont.layout(word);
      const theirs = font.layout(word);
      expect(ours.glyphs.map((g) => g.id), word).toEqual(theirs.glyphs.map((g) => g.id));
      expect(ours.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]), word).toEqual(theirs.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]));
      expect(loaded.width(word)).toBeCloseTo(theirs.advanceWidth / font.unitsPerEm, 9);
    }
  });

  it('are put together from their characters, not shaped anew, once the font is checked', () => {
    const { proxy, calls } = counted(file);
    const loaded = new LoadedFont('test', proxy);
    loaded.width('#1');
    const afterCheck = calls.n;
    for (let i = 1000; i < 1100; i++) loaded.width(`#${i}`);
    expect(calls.n - afterCheck).toBe(0);
  });
});
