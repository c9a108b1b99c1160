/**
 * What compiling a deployment costs on the event loop and in the compile worker thread, by document
 * size: the figures behind OFF_THREAD_BPMN_BYTES (below it, the thread's hand-over costs more than it
 * saves; above it, the event loop would stall for the whole compile).
 * Run: `npm run build && node -r ./scripts/register-paths.js dist/bench/model-compile/model-compile.bench.js`
 */
import { compileModel, ModelCompilePool } from '@tongban/runtime';
import { largeModel } from './large-model';

const SIZES = [4 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

async function main(): Promise<void> {
  const pool = new ModelCompilePool();
  try {
    for (const bytes of SIZES) {
      const content = largeModel(`bench-${bytes}`, bytes);
      const rounds = bytes < 1024 * 1024 ? 20 : 3;
      const inThread = await timed(rounds, () => compileModel({ content, lintOptions: {} }));
      await pool.offThread({ content, lintOptions: {} });
      const offThread = await timed(rounds, () => pool.offThread({ content, lintOptions: {} }));
      console.log(`${`${Math.round(bytes / 1024)} KiB`.padEnd(10)} event loop ${inThread.toFixed(1).padStart(8)} ms   worker thread ${offThread.toFixed(1).padStart(8)} ms`);
    }
  } finally {
    await pool.onModuleDestroy();
  }
}

/** Mean milliseconds of `rounds` runs after one warm-up run. */
async function timed(rounds: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await run();
  return (performance.now() - start) / rounds;
}

void main();
