import { treeCpuSeconds } from '../../test/faults/support/process-cpu';
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
  /** Completions of one window (V8 warms with the requests served, not with the seconds: on a loaded machine a window of time holds few). */
  windowCompletions: number;
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
 * Drives the full load until the api's CPU per completion stops falling: a fresh api process spends its
 * first thousands of requests compiling (V8's compiler threads), and a production api runs for days, so
 * the measured window should see a warm one. One closed loop, cut into windows of `windowCompletions`
 * completions by looking at the api processes' CPU as each window's last completion is recorded (no
 * drain between windows); ends when two consecutive windows' api CPU-µs per completion differ by less
 * than `tolerance`, or after `maxSeconds`; with `fixedSeconds`, after that long.
 */
export async function warmUp(
  drive: (seconds: number, until: (completions: number) => boolean) => Promise<{ recorder: LoadRecorder; elapsed: number }>,
  apis: Record<string, () => number | undefined>,
  options: WarmUpOptions,
): Promise<WarmUp> {
  const windows: WarmWindow[] = [];
  const cpu = () => Object.values(apis).reduce((sum, pid) => sum + treeCpuSeconds(pid()), 0);
  let last = { at: performance.now(), cpu: cpu(), completions: 0 };
  let steady = false;
  const close = (completions: number) => {
    const now = { at: performance.now(), cpu: cpu(), completions };
    const done = completions - last.completions;
    windows.push({ seconds: (now.at - last.at) / 1000, completions: done, apiMicrosPerCompletion: done ? ((now.cpu - last.cpu) * 1e6) / done : Number.NaN });
    last = now;
  };
  const { recorder, elapsed } = await drive(options.fixedSeconds ?? options.maxSeconds, (completions) => {
    if (completions - last.completions < options.windowCompletions) return false;
    close(completions);
    if (options.fixedSeconds !== undefined || windows.length < 2) return false;
    const [a, b] = windows.slice(-2).map((window) => window.apiMicrosPerCompletion);
    steady = Math.abs(a - b) < options.tolerance * Math.max(a, b);
    return steady;
  });
  // what the time bound cut short, as a last (shorter) window
  if (!steady && recorder.completions > last.completions) close(recorder.completions);
  return { windows, seconds: elapsed, steady };
}

/** `warm-up 25.0 s in 3 windows (steady …): 1,530 completions; api CPU-µs per completion 6,120 → …; completions/s 80.1 → …`. */
export function describeWarmUp(warm: WarmUp, options: WarmUpOptions): string {
  const how =
    options.fixedSeconds !== undefined
      ? `BENCH_WARMUP_SECONDS=${options.fixedSeconds}, windows of ${options.windowCompletions} completions`
      : warm.steady
        ? `steady: the last two windows of ${options.windowCompletions} completions within ${Math.round(options.tolerance * 100)} %`
        : `not steady within ${options.maxSeconds} s: windows of ${options.windowCompletions} completions`;
  const figures = (value: (window: WarmWindow) => string) => warm.windows.map(value).join(' → ');
  return (
    `    warm-up ${warm.seconds.toFixed(1)} s in ${warm.windows.length} window${warm.windows.length === 1 ? '' : 's'} (${how}): ` +
    `${warm.windows.reduce((sum, w) => sum + w.completions, 0)} completions; api CPU-µs per completion ${figures((w) => (Number.isFinite(w.apiMicrosPerCompletion) ? Math.round(w.apiMicrosPerCompletion).toLocaleString('en') : 'n/a'))}; ` +
    `completions/s ${figures((w) => (w.completions / w.seconds).toFixed(1))}`
  );
}
