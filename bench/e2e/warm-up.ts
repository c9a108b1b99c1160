import { CpuMeter } from '../../test/faults/support/process-cpu';
import type { LoadRecorder } from './bundle-load';

/** One window of the warm-up: its completions and what the api processes' CPU came to per completion. */
export interface WarmWindow {
  seconds: number;
  completions: number;
  /** CPU-µs of the api processes (their cluster copies included) per completion in the window. */
  apiMicrosPerCompletion: number;
}

export interface WarmUpOptions {
  /** Warm up for this long whatever the figures (`BENCH_WARMUP_SECONDS`); undefined: until steady. */
  fixedSeconds?: number;
  /** Length of one window. */
  windowSeconds: number;
  /** The most an unsteady warm-up runs. */
  maxSeconds: number;
  /** Steady when two consecutive windows' api CPU per completion differ by less than this share of the larger. */
  tolerance: number;
}

export interface WarmUp {
  windows: WarmWindow[];
  seconds: number;
  /** Whether it ended because two windows agreed (false: at its bound, or a fixed warm-up). */
  steady: boolean;
}

/**
 * Drives the full load in windows until the api's CPU per completion stops falling: a fresh api process
 * spends its first thousands of requests compiling (V8's compiler threads), and a production api runs for
 * days, so the measured window should see a warm one. Ends when two consecutive windows' api CPU-µs per
 * completion differ by less than `tolerance`, or after `maxSeconds`; with `fixedSeconds`, after that long.
 */
export async function warmUp(
  drive: (seconds: number) => Promise<{ recorder: LoadRecorder; elapsed: number }>,
  apis: Record<string, () => number | undefined>,
  options: WarmUpOptions,
): Promise<WarmUp> {
  const windows: WarmWindow[] = [];
  const bound = options.fixedSeconds ?? options.maxSeconds;
  let seconds = 0;
  while (seconds < bound - 0.5) {
    const meter = new CpuMeter(apis, Object.keys(apis)).start();
    const { recorder, elapsed } = await drive(Math.min(options.windowSeconds, bound - seconds));
    meter.stop();
    const cpu = [...meter.used.values()].reduce((sum, used) => sum + used, 0);
    windows.push({ seconds: elapsed, completions: recorder.completions, apiMicrosPerCompletion: recorder.completions ? (cpu * 1e6) / recorder.completions : Number.NaN });
    seconds += elapsed;
    if (options.fixedSeconds === undefined && windows.length >= 2) {
      const [a, b] = windows.slice(-2).map((window) => window.apiMicrosPerCompletion);
      if (Math.abs(a - b) < options.tolerance * Math.max(a, b)) return { windows, seconds, steady: true };
    }
  }
  return { windows, seconds, steady: false };
}

/** `warm-up 25.0 s (steady …): api CPU-µs per completion 6,120 → …; completions/s 80.1 → …`. */
export function describeWarmUp(warm: WarmUp, options: WarmUpOptions): string {
  const how =
    options.fixedSeconds !== undefined
      ? `BENCH_WARMUP_SECONDS=${options.fixedSeconds}`
      : warm.steady
        ? `steady: the last two ${options.windowSeconds} s windows within ${Math.round(options.tolerance * 100)} %`
        : `not steady within ${options.maxSeconds} s`;
  const figures = (value: (window: WarmWindow) => string) => warm.windows.map(value).join(' → ');
  return (
    `    warm-up ${warm.seconds.toFixed(1)} s in ${warm.windows.length} window${warm.windows.length === 1 ? '' : 's'} (${how}): ` +
    `api CPU-µs per completion ${figures((w) => (Number.isFinite(w.apiMicrosPerCompletion) ? Math.round(w.apiMicrosPerCompletion).toLocaleString('en') : 'n/a'))}; ` +
    `completions/s ${figures((w) => (w.completions / w.seconds).toFixed(1))}`
  );
}
