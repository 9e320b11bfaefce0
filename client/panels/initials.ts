// The one or two characters on a person's avatar.

const WORD_CHARS = /[\p{L}\p{N}]/gu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function firstGrapheme(word: string): string {
  for (const { segment } of segmenter.segment(word)) return segment;
  return '';
}

/**
 * The initials of a name: the first letter of its first and last words ("Ana Lima" → "AL"), or
 * the first two of a single word ("Ana" → "AN"). Only letters and digits count, so "Fran (2)",
 * the second Fran in a workshop, reads "F2"; a name with neither shows its first character.
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .map((w) => (w.match(WORD_CHARS) ?? []).join(''))
    .filter(Boolean);
  if (words.length === 0) return firstGrapheme(name.trim()) || '?';
  const letters = words.length > 1 ? firstGrapheme(words[0]!) + firstGrapheme(words[words.length - 1]!) : [...segmenter.segment(words[0]!)].slice(0, 2).map((s) => s.segment).join('');
  return letters.toLocaleUpperCase();
}
