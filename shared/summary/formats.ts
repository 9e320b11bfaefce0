import { renderCsv } from './csv';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderSvg } from './svg';
import type { Summary } from './types';

// The export formats, their media types and the pure renderers; the PDF is drawn on the server (fonts).

export const SUMMARY_FORMATS = ['json', 'md', 'csv', 'svg', 'pdf'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];
export type TextFormat = Exclude<SummaryFormat, 'pdf'>;

export const CONTENT_TYPES: Record<SummaryFormat, string> = {
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  svg: 'image/svg+xml; charset=utf-8',
  pdf: 'application/pdf',
};

export function isSummaryFormat(value: string): value is SummaryFormat {
  return (SUMMARY_FORMATS as readonly string[]).includes(value);
}

const TEXT_RENDERERS: Record<TextFormat, (s: Summary) => string> = {
  json: renderJson,
  md: renderMarkdown,
  csv: renderCsv,
  svg: renderSvg,
};

export function renderText(summary: Summary, format: TextFormat): string {
  return TEXT_RENDERERS[format](summary);
}
