import { describe, expect, it } from 'vitest';
import { layoutNoteText, NOTE_FONT_SIZES } from '../../client/canvas/noteText';

// Every character is 0.5 em wide: easy to reason about.
const measure = (text: string, fontSize: number) => text.length * fontSize * 0.5;

describe('fitting note text', () => {
  it('uses the largest size for a short label', () => {
    const layout = layoutNoteText('Wiki', 118, 78, measure);
    expect(layout.fontSize).toBe(NOTE_FONT_SIZES[0]);
    expect(layout.lines).toEqual(['Wiki']);
    expect(layout.truncated).toBe(false);
  });

  it('shrinks longer text until it fits, wrapping at spaces', () => {
    const layout = layoutNoteText('Customer forum answered by front-line staff', 118, 78, measure);
    expect(layout.fontSize).toBeLessThan(NOTE_FONT_SIZES[0]);
    expect(layout.lines.length * layout.lineHeight).toBeLessThanOrEqual(78);
    for (const line of layout.lines) expect(measure(line, layout.fontSize)).toBeLessThanOrEqual(118);
    expect(layout.lines.join(' ')).toBe('Customer forum answered by front-line staff');
  });

  it('breaks a word too long for one line', () => {
    const layout = layoutNoteText('x'.repeat(40), 118, 78, measure);
    for (const line of layout.lines) expect(measure(line, layout.fontSize)).toBeLessThanOrEqual(118);
    expect(layout.lines.join('')).toBe('x'.repeat(40));
  });

  it('keeps explicit line breaks', () => {
    expect(layoutNoteText('one\ntwo', 118, 78, measure).lines).toEqual(['one', 'two']);
  });

  it('cuts text that cannot fit with an ellipsis at the smallest size', () => {
    const layout = layoutNoteText('word '.repeat(100), 118, 78, measure);
    expect(layout.truncated).toBe(true);
    expect(layout.lines.length * layout.lineHeight).toBeLessThanOrEqual(78);
    expect(layout.lines[layout.lines.length - 1]!.endsWith('…')).toBe(true);
  });
});

describe('keeping words whole', () => {
  it('prefers a smaller size to splitting a word that a smaller size fits', () => {
    // "Mentoring" is 9 characters: 9 × 0.5 × 26 = 117 fits 118 at 26px, but not at 118 - 10.
    const layout = layoutNoteText('Mentoring circles', 108, 78, measure);
    expect(layout.lines).toEqual(['Mentoring', 'circles']);
    expect(layout.fontSize).toBeLessThan(NOTE_FONT_SIZES[0]);
  });

  it('wraps Japanese between characters at the size Latin text of that width gets, not at the smallest size', () => {
    const text = '社員の声を聞く月例ミーティング';
    const layout = layoutNoteText(text, 118, 78, measureWide);
    expect(layout.fontSize).toBeGreaterThan(NOTE_FONT_SIZES[NOTE_FONT_SIZES.length - 1]!);
    expect(layout.truncated).toBe(false);
    expect(layout.lines.join('')).toBe(text);
    for (const line of layout.lines) expect(measureWide(line, layout.fontSize)).toBeLessThanOrEqual(118);
  });

  it('never leaves one Japanese character alone on the last line, nor starts a line with a closing mark', () => {
    // Nine full-width characters per line at the smallest size: 10 characters would leave one behind.
    const text = '一二三四五六七八九。十';
    for (const size of NOTE_FONT_SIZES) {
      const layout = layoutNoteText(text, 9 * size, 1000, measureWide, [size]);
      expect([...layout.lines.at(-1)!].length).not.toBe(1);
      for (const line of layout.lines) expect(line.startsWith('。')).toBe(false);
    }
  });
});

// CJK characters are a full em wide, Latin half an em.
function measureWide(text: string, fontSize: number): number {
  return [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.5), 0);
}
