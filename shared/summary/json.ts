import type { Summary } from './types';

/** The summary object itself is the documented JSON (docs/summary.md); keys keep their order. */
export function renderJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
