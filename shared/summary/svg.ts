import { buildBoardScene, type Shape } from './boardScene';
import { escapeXml } from './xml';
import { tr } from './format';
import type { Summary } from './types';

export const SVG_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans JP', 'Noto Emoji', sans-serif";

const num = (n: number) => String(Math.round(n * 100) / 100);

function attr(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
}

function shapeSvg(s: Shape, out: string[]): void {
  switch (s.kind) {
    case 'rect':
      out.push(
        `<rect${attr('x', s.x)}${attr('y', s.y)}${attr('width', s.w)}${attr('height', s.h)}${attr('rx', s.radius)}${attr('fill', s.fill)}` +
          `${attr('fill-opacity', s.opacity)}${attr('stroke', s.stroke)}${attr('stroke-width', s.strokeWidth)}${attr('stroke-dasharray', s.dash?.join(' '))}/>`,
      );
      return;
    case 'line':
      out.push(`<line${attr('x1', s.x1)}${attr('y1', s.y1)}${attr('x2', s.x2)}${attr('y2', s.y2)}${attr('stroke', s.stroke)}${attr('stroke-width', s.width)}/>`);
      return;
    case 'polygon':
      out.push(`<polygon points="${s.points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}"${attr('fill', s.fill)}/>`);
      return;
    case 'circle':
      out.push(`<circle${attr('cx', s.cx)}${attr('cy', s.cy)}${attr('r', s.r)}${attr('fill', s.fill)}/>`);
      return;
    case 'text':
      out.push(
        `<text${attr('x', s.x)}${attr('y', s.y)}${attr('font-size', s.size)}${attr('fill', s.fill)}` +
          `${s.bold ? ' font-weight="700"' : ''}${s.italic ? ' font-style="italic"' : ''}${s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : ''}` +
          `${s.rotate ? ` transform="rotate(${num(s.rotate)} ${num(s.x)} ${num(s.y)})"` : ''}>${escapeXml(s.text)}</text>`,
      );
      return;
    case 'group':
      out.push(`<g class="note"><title>${escapeXml(s.title)}</title>`);
      for (const child of s.shapes) shapeSvg(child, out);
      out.push('</g>');
      return;
  }
}

/** The board as a standalone SVG document; every piece of user text is escaped. */
export function renderSvg(summary: Summary): string {
  const scene = buildBoardScene(summary);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" ` +
      `font-family="${escapeXml(SVG_FONT_FAMILY)}" role="img" aria-label="${escapeXml(tr(summary)('scene.boardLabel', { title: summary.workshop.title }))}">`,
    `<title>${escapeXml(tr(summary)('scene.boardLabel', { title: summary.workshop.title }))}</title>`,
    `<rect width="${scene.width}" height="${scene.height}" fill="#ffffff"/>`,
  ];
  for (const shape of scene.shapes) shapeSvg(shape, out);
  out.push('</svg>', '');
  return out.join('\n');
}
