import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where unavailable. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Measures the cores a set of processes used between `start()` and `stop()`. */
export class CpuMeter {
  private readonly before = new Map<string, number>();
  private began = 0;

  constructor(private readonly pids: Record<string, () => number | undefined>) {}

  start(): this {
    this.began = performance.now();
    for (const [name, pid] of Object.entries(this.pids)) this.before.set(name, cpuSeconds(pid()));
    return this;
  }

  /** `name N.NN cores` per process over the interval. */
  stop(): string {
    const seconds = (performance.now() - this.began) / 1000;
    return Object.entries(this.pids)
      .map(([name, pid]) => {
        const used = cpuSeconds(pid()) - (this.before.get(name) ?? Number.NaN);
        return `${name} ${Number.isFinite(used) ? (used / seconds).toFixed(2) : 'n/a'} cores`;
      })
      .join(', ');
  }
}
