// Operands and operators of PDF content streams, written as pdfkit writes them where it matters.

/** A glyph's placement as pdfkit's embedded font reports it, in thousandths of an em. */
export interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** Text as elements of a TJ array, for a font size. */
export type Tj = (size: number) => string;

/** Numbers as pdfkit writes them, to six decimals, so shapes land on exactly the same device pixels. */
export function num(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

const KAPPA = (4 * (Math.SQRT2 - 1)) / 3;

function curve(x1: number, y1: number, x2: number, y2: number, x: number, y: number): string {
  return `${num(x1)} ${num(y1)} ${num(x2)} ${num(y2)} ${num(x)} ${num(y)} c`;
}

/** A rectangle path; rounded corners are the Bézier arcs pdfkit's roundedRect() draws. */
export function rectPath(x: number, y: number, w: number, h: number, radius: number): string {
  if (radius <= 0) return `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`;
  const r = Math.min(radius, w / 2, h / 2);
  const c = r * (1 - KAPPA);
  return [
    `${num(x + r)} ${num(y)} m`,
    `${num(x + w - r)} ${num(y)} l`,
    curve(x + w - c, y, x + w, y + c, x + w, y + r),
    `${num(x + w)} ${num(y + h - r)} l`,
    curve(x + w, y + h - c, x + w - c, y + h, x + w - r, y + h),
    `${num(x + r)} ${num(y + h)} l`,
    curve(x + c, y + h, x, y + h - c, x, y + h - r),
    `${num(x)} ${num(y + r)} l`,
    curve(x, y + c, x + c, y, x + r, y),
    'h',
  ].join('\n');
}

/** Appends TJ elements, joining adjacent glyph strings into one. */
export function joinTj(tj: string, more: string): string {
  if (!tj) return more;
  return tj.endsWith(')') && more.startsWith('(') ? tj.slice(0, -1) + more.slice(1) : `${tj} ${more}`;
}

/**
 * A glyph id (four hex digits from pdfkit) as the two bytes of a literal string: half the room of hex in
 * the content stream, so less to compress. Bytes that would end the string, start an escape or read as a
 * line break are escaped.
 */
function glyphBytes(hex: string): string {
  let bytes = '';
  for (const at of [0, 2]) {
    const byte = parseInt(hex.slice(at, at + 2), 16);
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) bytes += `\\${String.fromCharCode(byte)}`;
    else if (byte === 0x0a) bytes += '\\n';
    else if (byte === 0x0d) bytes += '\\r';
    else bytes += String.fromCharCode(byte);
  }
  return bytes;
}

/** TJ elements for glyphs drawn one after another; marks set off the pen position move there and back. */
export function toTj(hex: string[], positions: readonly GlyphPosition[]): Tj {
  // A vertical offset needs the text rise, which is set between TJ arrays and scales with the font size.
  const elements: Array<string | { rise: number }> = [];
  let glyphs = '';
  const push = (element: string | { rise: number }) => {
    if (glyphs) elements.push(`(${glyphs})`);
    glyphs = '';
    elements.push(element);
  };
  positions.forEach((p, i) => {
    if (p.xOffset) push(num(-p.xOffset));
    if (p.yOffset) push({ rise: p.yOffset / 1000 });
    glyphs += glyphBytes(hex[i]!);
    if (p.yOffset) push({ rise: 0 });
    const correction = p.xAdvance - p.advanceWidth - p.xOffset;
    if (correction) push(num(-correction));
  });
  if (glyphs) elements.push(`(${glyphs})`);
  const write = (size: number) => elements.map((e) => (typeof e === 'string' ? e : `] TJ ${num(e.rise * size)} Ts [`)).join(' ');
  if (elements.every((e) => typeof e === 'string')) {
    const tj = write(0);
    return () => tj;
  }
  return write;
}
