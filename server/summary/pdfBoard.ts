import type {} from 'pdfkit'; // brings the global PDFKit type namespace into scope
import type { BoardScene, Shape } from '@shared/summary/boardScene';
import type { Painter } from './pdfPainter';
import type { TextStyle } from './pdfText';

// Draws the same display list as the SVG, scaled to fit a box on the page.

export interface Placement {
  x: number;
  y: number;
  scale: number;
  height: number;
}

/** Where the scene goes: centred in the box, as large as fits. */
export function placeBoardScene(scene: BoardScene, box: { x: number; y: number; w: number; h: number }): Placement {
  const scale = Math.min(box.w / scene.width, box.h / scene.height);
  return { x: box.x + (box.w - scene.width * scale) / 2, y: box.y, scale, height: scene.height * scale };
}

function textStyle(s: Extract<Shape, { kind: 'text' }>): TextStyle {
  return { size: s.size, bold: s.bold, color: s.fill, anchor: s.anchor };
}

function drawShape(doc: PDFKit.PDFDocument, painter: Painter, s: Shape): void {
  if (s.kind === 'group') {
    for (const child of s.shapes) drawShape(doc, painter, child);
    return;
  }
  // Text collects in the painter; whatever pdfkit draws must come after it.
  if (s.kind === 'text' && !s.rotate) return painter.text(s.text, s.x, s.y, textStyle(s));
  painter.flush();
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
      doc.save().rotate(s.rotate ?? 0, { origin: [s.x, s.y] });
      painter.text(s.text, s.x, s.y, textStyle(s));
      painter.flush();
      doc.restore();
      return;
  }
}

/** Draws the scene where placed, yielding after each shape. */
export function* drawBoardScene(doc: PDFKit.PDFDocument, painter: Painter, scene: BoardScene, at: Placement): Generator<void> {
  doc.save();
  doc.translate(at.x, at.y);
  doc.scale(at.scale);
  for (const shape of scene.shapes) {
    drawShape(doc, painter, shape);
    yield;
  }
  painter.flush();
  doc.restore();
}
