import { readFileSync } from 'node:fs';

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far in user space and in the kernel (all threads). */
export function cpuTimes(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
}

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** Current and peak resident set size of a process, in MiB. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Measures the share of one core a process uses between start() and stop(), plus its RSS peak while sampling. */
export class CpuMeter {
  private startCpu = 0;
  private startWall = 0;
  private timer: NodeJS.Timeout | null = null;
  peakRss = 0;

  constructor(private readonly pid: number) {}

  start(): void {
    this.startCpu = cpuSeconds(this.pid);
    this.startWall = performance.now();
    this.peakRss = memoryMiB(this.pid).rss;
    this.timer = setInterval(() => {
      try {
        this.peakRss = Math.max(this.peakRss, memoryMiB(this.pid).rss);
      } catch {
        // The process exited; keep what was sampled.
      }
    }, 200);
  }

  /** Percent of one core since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const seconds = (performance.now() - this.startWall) / 1000;
    return (100 * (cpuSeconds(this.pid) - this.startCpu)) / seconds;
  }
}
