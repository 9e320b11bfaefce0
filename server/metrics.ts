// Counters, gauges and histograms exposed at GET /metrics in Prometheus text format (version 0.0.4).

type Labels = Record<string, string>;

/** Seconds; store appends are fsynced SQLite transactions, usually a few milliseconds. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Histogram {
  buckets: number[];
  counts: number[];
  sum: number;
  count: number;
}

export class Metrics {
  private counters = new Map<string, Map<string, number>>();
  private gauges = new Map<string, () => number>();
  private histograms = new Map<string, Histogram>();
  private help = new Map<string, string>();

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    this.help.set(name, help);
    if (!this.counters.has(name)) this.counters.set(name, new Map());
    const series = this.counters.get(name)!;
    return (labels = {}, by = 1) => {
      const key = labelString(labels);
      series.set(key, (series.get(key) ?? 0) + by);
    };
  }

  gauge(name: string, help: string, read: () => number): void {
    this.help.set(name, help);
    this.gauges.set(name, read);
  }

  histogram(name: string, help: string, buckets: number[] = LATENCY_BUCKETS): (value: number) => void {
    this.help.set(name, help);
    let h = this.histograms.get(name);
    if (!h) {
      h = { buckets: [...buckets].sort((a, b) => a - b), counts: buckets.map(() => 0), sum: 0, count: 0 };
      this.histograms.set(name, h);
    }
    const hist = h;
    return (value) => {
      for (let i = 0; i < hist.buckets.length; i++) if (value <= hist.buckets[i]!) hist.counts[i]!++;
      hist.sum += value;
      hist.count++;
    };
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.counters) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} counter`);
      if (series.size === 0) lines.push(`${name} 0`);
      for (const [labels, value] of series) lines.push(`${name}${labels} ${value}`);
    }
    for (const [name, read] of this.gauges) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} gauge`, `${name} ${formatValue(read())}`);
    }
    for (const [name, h] of this.histograms) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} histogram`);
      h.buckets.forEach((le, i) => lines.push(`${name}_bucket{le="${le}"} ${h.counts[i]}`));
      lines.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
    }
    return lines.join('\n') + '\n';
  }
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

function labelString(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return '{' + entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',') + '}';
}
