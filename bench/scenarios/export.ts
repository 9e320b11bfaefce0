import type { BenchWorkshop } from '../lib/api';
import type { Target } from '../lib/servers';
import { median } from '../lib/stats';

export const FORMATS = ['json', 'md', 'csv', 'svg', 'pdf'] as const;

export interface ExportResult {
  format: (typeof FORMATS)[number];
  /** Null when the server has no such route yet. */
  medianMs: number | null;
  maxMs: number | null;
  bytes: number | null;
}

/** Downloads each summary format of a workshop over HTTP, as a participant would. */
export async function runExport(target: Target, workshop: BenchWorkshop, samples: number): Promise<ExportResult[]> {
  const token = workshop.seats[0]!.token;
  const results: ExportResult[] = [];
  for (const format of FORMATS) {
    const times: number[] = [];
    let bytes: number | null = null;
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      const res = await fetch(`${target.httpUrl}/api/workshops/${workshop.id}/summary.${format}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.arrayBuffer();
      if (res.status === 404) break;
      if (!res.ok) throw new Error(`summary.${format}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
      times.push(performance.now() - started);
      bytes = body.byteLength;
    }
    results.push({ format, medianMs: times.length ? median(times) : null, maxMs: times.length ? Math.max(...times) : null, bytes });
  }
  return results;
}
