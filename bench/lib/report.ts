import type { Distribution } from './stats';

/** A Markdown table; readable as plain text in a terminal too. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function dist(d: Distribution): string {
  return `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)} / ${ms(d.max)}`;
}

export function pct(part: number, whole: number): string {
  if (whole === 0) return '–';
  const p = (100 * part) / whole;
  return `${p >= 99.995 && part < whole ? '99.99' : p.toFixed(p === 100 ? 0 : 2)} %`;
}

/** ours / reference, as "0.12×". */
export function ratio(ours: number | null | undefined, reference: number | null | undefined): string {
  if (ours == null || reference == null || !Number.isFinite(ours) || !Number.isFinite(reference) || reference === 0) return '–';
  const r = ours / reference;
  return `${r < 0.01 ? r.toFixed(4) : r < 0.1 ? r.toFixed(3) : r.toFixed(2)}×`;
}

export function mib(v: number): string {
  return `${v.toFixed(0)} MiB`;
}
