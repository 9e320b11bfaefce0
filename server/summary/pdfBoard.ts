import type {} from 'pdfkit'; // brings the global PDFKit type namespace into scope
import type { BoardScene, Shape } from '@shared/summary/boardScene';
import type { PdfText } from './pdfText';

// Draws the same display list as the SVG, scaled to fit a box on the page.

function drawShape(doc: PDFKit.PDFDocument, text: PdfText, s: Shape): void {
  switch (s.kind) {
    case 'rect': {
      doc.save();
      if (s.radius) doc.roundedRect(s.x, s.y, s.w, s.h, s.radius);
      else doc.rect(s.x, s.y, s.w, s.h);
      if (s.dash) doc.dash(s.dash[0] ?? 3, { space: s.dash[1] ?? 3 });
      if (s.stroke) doc.lineWidth(s.strokeWidth ?? 1).strokeColor(s.stroke);
      const filled = s.fill !== 'none';
      if (filled) doc.fillColor(s.fill).fillOpacity(s.opacity ?? 1);
      if (filled && s.stroke) doc.fillAndStroke();
      else if (filled) doc.fill();
      else if (s.stroke) doc.stroke();
      doc.restore();
      return;
    }
    case 'line':
      doc.save().moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.width).strokeColor(s.stroke).stroke().restore();
      return;
    case 'polygon':
      doc.save().polygon(...s.points.map(([x, y]) => [x, y])).fillColor(s.fill).fill().restore();
      return;
    case 'circle':
      doc.save().circle(s.cx, s.cy, s.r).fillColor(s.fill).fill().restore();
      return;
    case 'text':
      doc.save();
      if (s.rotate) doc.rotate(s.rotate, { origin: [s.x, s.y] });
      text.draw(doc, s.text, s.x, s.y, { size: s.size, bold: s.bold, color: s.fill, anchor: s.anchor });
      doc.restore();
      return;
    case 'group':
      for (const child of s.shapes) drawShape(doc, text, child);
      return;
  }
}

/** Draws the scene centred in the box, as large as fits, yielding after each shape; returns the height it took. */
export function* drawBoardScene(doc: PDFKit.PDFDocument, text: PdfText, scene: BoardScene, box: { x: number; y: number; w: number; h: number }): Generator<void, number> {
  const k = Math.min(box.w / scene.width, box.h / scene.height);
  doc.save();
  doc.translate(box.x + (box.w - scene.width * k) / 2, box.y);
  doc.scale(k);
  for (const shape of scene.shapes) {
    drawShape(doc, text, shape);
    yield;
  }
  doc.restore();
  return scene.height * k;
}
