import type {} from 'pdfkit'; // brings the global PDFKit type namespace into scope
import type { LoadedFont } from './fonts';
import { joinTj, num, rectPath, toTj, type GlyphPosition, type Tj } from './pdfOps';
import { pieceEnd, type PdfText, type TextStyle } from './pdfText';

// Content for one PDF document's pages, collected as text and written a page (or a run between pdfkit's own
// drawing) at a time: a text object per line, with glyphs encoded once per piece and document, and plain
// paths for rectangles and rules.
// pdfkit's own text() costs about 25 µs a call in option handling, graphics state and repeated shaping, and
// its path calls add content one operator at a time, each converted to bytes in a JavaScript loop; with
// thousands of notes that was most of the export. The output draws the same glyphs and paths in the same places.

interface Piece {
  /** Advance per point of font size. */
  width: number;
  tj: Tj;
}

/** pdfkit 0.20's embedded font, which its text() encodes with too; typed here because @types/pdfkit leaves it out. */
interface EmbeddedFont {
  readonly id: string;
  /** Subset glyph ids as four hex digits, with positions in thousandths of an em. */
  encode(text: string): [string[], GlyphPosition[]];
  ref(): unknown;
}

export class Painter {
  private readonly embedded = new Map<LoadedFont, { font: EmbeddedFont; pieces: Map<string, Piece> }>();
  private readonly colors = new Map<string, string>();
  private readonly parts: string[] = [];
  /** Whether parts end inside `q … Q` with y flipped upright for text, and the fill and font set there. */
  private upright = false;
  private fill = '';
  private tf = '';

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: PdfText,
  ) {}

  /** The document's copy of a font, registered with pdfkit on first use so unused fonts are never embedded. */
  private font(loaded: LoadedFont): { font: EmbeddedFont; pieces: Map<string, Piece> } {
    let entry = this.embedded.get(loaded);
    if (!entry) {
      // pdfkit takes a fontkit font where its types say file data.
      this.doc.registerFont(loaded.name, loaded.pdfkitFont as unknown as Uint8Array).font(loaded.name);
      const font = (this.doc as unknown as { _font?: EmbeddedFont })._font;
      if (typeof font?.encode !== 'function' || typeof font.ref !== 'function') throw new Error('pdfkit no longer exposes the embedded font this export writes text with');
      entry = { font, pieces: new Map() };
      this.embedded.set(loaded, entry);
    }
    const pageFonts = this.doc.page.fonts as Record<string, unknown>;
    pageFonts[entry.font.id] ??= entry.font.ref();
    return entry;
  }

  /** The colour's components, as operands of rg (fill) or RG (stroke). */
  private rgb(color: string): string {
    let rgb = this.colors.get(color);
    if (rgb === undefined) {
      const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
      if (!hex) throw new Error(`unsupported colour ${color}`);
      const full = hex.length === 3 ? hex.replace(/./g, '$&$&') : hex;
      rgb = [0, 2, 4].map((at) => num(parseInt(full.slice(at, at + 2), 16) / 255)).join(' ');
      this.colors.set(color, rgb);
    }
    return rgb;
  }

  private piece(loaded: LoadedFont, font: EmbeddedFont, pieces: Map<string, Piece>, text: string): Piece {
    let piece = pieces.get(text);
    if (!piece) {
      const [hex, positions] = font.encode(text);
      piece = { width: loaded.width(text), tj: toTj(hex, positions) };
      pieces.set(text, piece);
    }
    return piece;
  }

  /** Leaves the upright text state, for shapes drawn in pdfkit's top-down user space. */
  private topDown(): void {
    if (this.upright) this.parts.push('Q');
    this.upright = false;
  }

  /** Writes what was drawn since the last flush to the current page; call it before drawing there with pdfkit. */
  flush(): void {
    this.topDown();
    // As bytes, which pdfkit takes as they are; a string it would copy into bytes character by character.
    if (this.parts.length > 0) this.doc.addContent(Buffer.from(`${this.parts.join('\n')}\n`, 'latin1'));
    this.parts.length = 0;
  }

  /** A rectangle filled with a colour, rounded when radius > 0. */
  fillRect(x: number, y: number, w: number, h: number, color: string, radius = 0): void {
    this.topDown();
    this.parts.push(`q\n${this.rgb(color)} rg\n${rectPath(x, y, w, h, radius)}\nf\nQ`);
  }

  /** A straight line stroked in a colour. */
  strokeLine(x1: number, y1: number, x2: number, y2: number, width: number, color: string): void {
    this.topDown();
    this.parts.push(`q\n${num(x1)} ${num(y1)} m\n${num(x2)} ${num(y2)} l\n${num(width)} w\n${this.rgb(color)} RG\nS\nQ`);
  }

  /** One line of text with its baseline at y, in the runs' fonts. */
  text(line: string, x: number, y: number, style: TextStyle): void {
    const size = style.size;
    let width = 0;
    const runs = this.fonts.runs(line, style.bold === true).map((run) => {
      const { font, pieces } = this.font(run.font);
      let tj = '';
      for (let start = 0, end = 0; start < run.text.length; start = end) {
        end = pieceEnd(run.text, start);
        const piece = this.piece(run.font, font, pieces, run.text.slice(start, end));
        width += piece.width * size;
        tj = joinTj(tj, piece.tj(size));
      }
      return { tf: `/${font.id} ${num(size)} Tf`, tj: `[${tj}] TJ` };
    });
    if (runs.length === 0) return;
    const left = style.anchor === 'middle' ? x - width / 2 : style.anchor === 'end' ? x - width : x;
    // Flipped upright as pdfkit does, whose user space runs top-down: the same arithmetic puts glyphs on the
    // same pixels where a baseline falls right on a pixel edge. Lines in a row share the flip, colour and font.
    const height = this.doc.page.height;
    if (!this.upright) {
      this.parts.push(`q\n1 0 0 -1 0 ${num(height)} cm`);
      this.upright = true;
      this.fill = this.tf = '';
    }
    this.parts.push('BT');
    const fill = this.rgb(style.color ?? '#1e293b');
    if (fill !== this.fill) this.parts.push(`${(this.fill = fill)} rg`);
    this.parts.push(`1 0 0 1 ${num(left)} ${num(height - y)} Tm`);
    for (const { tf, tj } of runs) {
      if (tf !== this.tf) this.parts.push((this.tf = tf));
      this.parts.push(tj);
    }
    this.parts.push('ET');
  }
}
