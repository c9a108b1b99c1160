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

/** CPU seconds of a process and of its live child processes (a cluster primary and its copies); NaN where unavailable. */
export function treeCpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // no children file (not Linux, or the process is gone)
  }
  return children.reduce((sum, child) => sum + cpuSeconds(child), cpuSeconds(pid));
}

/** Measures the cores a set of processes used between `start()` and `stop()`. */
export class CpuMeter {
  private readonly before = new Map<string, number>();
  /** CPU seconds each process used between `start()` and `stop()`. */
  readonly used = new Map<string, number>();
  private began = 0;

  /** `trees`: the names whose child processes count with them (an api run as a cluster primary with its copies). */
  constructor(
    private readonly pids: Record<string, () => number | undefined>,
    private readonly trees: readonly string[] = [],
  ) {}

  private seconds(name: string): number {
    const pid = this.pids[name]();
    return this.trees.includes(name) ? treeCpuSeconds(pid) : cpuSeconds(pid);
  }

  start(): this {
    this.began = performance.now();
    for (const name of Object.keys(this.pids)) this.before.set(name, this.seconds(name));
    return this;
  }

  /** `name N.NN cores` per process over the interval; `used` holds each one's CPU seconds in it. */
  stop(): string {
    const seconds = (performance.now() - this.began) / 1000;
    for (const name of Object.keys(this.pids)) this.used.set(name, this.seconds(name) - (this.before.get(name) ?? Number.NaN));
    return Object.keys(this.pids)
      .map((name) => {
        const used = this.used.get(name)!;
        return `${name} ${Number.isFinite(used) ? (used / seconds).toFixed(2) : 'n/a'} cores`;
      })
      .join(', ');
  }
}
