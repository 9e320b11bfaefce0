// Counters and gauges exposed at GET /metrics in Prometheus text format.

type Labels = Record<string, string>;

export class Metrics {
  private counters = new Map<string, Map<string, number>>();
  private gauges = new Map<string, () => number>();
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

  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.counters) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} counter`);
      if (series.size === 0) lines.push(`${name} 0`);
      for (const [labels, value] of series) lines.push(`${name}${labels} ${value}`);
    }
    for (const [name, read] of this.gauges) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    return lines.join('\n') + '\n';
  }
}

function labelString(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return '{' + entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',') + '}';
}
