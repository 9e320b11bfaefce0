// Text compared the way people read it: case, accents, punctuation and spacing do not count.

export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokensOf(text: string): string[] {
  const normal = normalizeText(text);
  return normal ? normal.split(' ') : [];
}
