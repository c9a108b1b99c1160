import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { performance, type PerformanceMeasure } from 'node:perf_hooks';
import { installCompileCache } from './compile-cache';
import { ensureServices } from './embedded/embedded-services';

/**
 * Tongban in one process on embedded defaults: PostgreSQL and Redis from DATABASE_URL / REDIS_URL,
 * or an embedded PostgreSQL (data in ./data/postgres, or under TONGBAN_DATA_DIR) and a private
 * redis-server (./data/redis); api and worker together; the bundles and processes under ./workflows
 * deployed at start. With `TONGBAN_API_PROCESSES` above 1 this process starts the services and then
 * watches that many copies of the api sharing the port, the first of which runs the worker. The api's
 * modules load while the embedded servers start. Prints how long the start took and its parts
 * (`npm run bench:startup` reads it). Modules compile from V8's code cache kept in `<build>/.compile-cache`
 * (written after a start that found it missing or stale).
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../../../..');
  cpuAtStart = process.cpuUsage();
  const compileCache = installCompileCache(resolve(__dirname, '../../../.compile-cache'));
  process.env.TONGBAN_WORKFLOWS_DIR ??= resolve(root, 'workflows');
  const servicesStarted = performance.now();
  const servicesCpu = process.cpuUsage();
  let spawned: () => void = () => undefined;
  const childrenSpawned = new Promise<void>((done) => (spawned = done));
  const starting = ensureServices(process.env, resolve(process.env.TONGBAN_DATA_DIR || resolve(root, 'data')), (line) => {
    if (process.env.TONGBAN_LOG_SERVICES) console.log(line);
  }, spawned);
  // The api's modules load (CPU in this process) while an embedded PostgreSQL and Redis start in
  // theirs — unless tracing is on (it must start before the modules it instruments load) or this is
  // a cluster primary (it loads no api).
  const embedded = !process.env.DATABASE_URL || !process.env.REDIS_URL;
  const overlap = embedded && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT && (cluster.isWorker || !(Number(process.env.TONGBAN_API_PROCESSES) > 1));
  let api: typeof import('@tongban/api') | undefined;
  let loadingCpu = 0;
  if (overlap && (await Promise.race([childrenSpawned.then(() => true), starting.then(() => true, () => false)]))) {
    const loadStarted = performance.now();
    const loadCpu = process.cpuUsage();
    api = require('@tongban/api') as typeof import('@tongban/api');
    loadingCpu = measurePhase('load-modules', loadStarted, loadCpu);
    servicesAlongsideModules = true;
  }
  const services = await starting;
  measurePhase('services', servicesStarted, servicesCpu, loadingCpu);
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;

  const configStarted = performance.now();
  const configCpu = process.cpuUsage();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the environment is set
  const kernel = require('@tongban/kernel') as typeof import('@tongban/kernel');
  const config = kernel.loadRuntimeConfig();
  if (config.apiProcesses > 1 && cluster.isPrimary) {
    // The copies find PostgreSQL and Redis in the environment set above; the first one runs the worker
    // too (outbox relay, queues, timers), the others only the api. The services stop after the copies.
    kernel.runApiCluster({
      processes: config.apiProcesses,
      port: config.port,
      metricsPortOf: (index) => kernel.copyMetricsPort(config.metricsPort, index),
      envOf: (index) => kernel.copyEnv(config, index),
      onStopped: () => services.stop(),
    });
    compileCache.stop();
    return;
  }
  const withWorker = !cluster.isWorker || process.env[kernel.PROCESS_INDEX_VARIABLE] === '1';

  // Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) starts before the api's modules load; configuration is read when they load.
  const tracing = kernel.startTracing(config);
  if (!api) {
    api = require('@tongban/api') as typeof import('@tongban/api');
    measurePhase('load-modules', configStarted, configCpu);
  }
  const { createApi } = api;
  const initStarted = performance.now();
  const initCpu = process.cpuUsage();
  const app = await createApi({ port: config.port, withWorker });
  measurePhase('init-and-listen', initStarted, initCpu);
  console.log(`Tongban listening on ${await app.getUrl()} (API docs at /api/docs)`);
  console.log(startupReport(compileCache.stats));
  setImmediate(() => compileCache.save());

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close().catch((error: unknown) => console.error(error));
    await services.stop();
    await tracing?.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** CPU time (user + system) this process had used when main began: Node's start and the launcher's requires. */
let cpuAtStart: NodeJS.CpuUsage = { user: 0, system: 0 };

/** Whether the api's modules loaded while the embedded services started (their times overlap). */
let servicesAlongsideModules = false;

/**
 * Records a phase of main's start: its wall time (a measure) and the CPU seconds this process spent
 * in it less `otherCpu` (another phase's, run inside it), the measure's detail. Returns those CPU seconds.
 */
function measurePhase(name: string, started: number, cpuStarted: NodeJS.CpuUsage, otherCpu = 0): number {
  const cpu = cpuSeconds(process.cpuUsage(cpuStarted)) - otherCpu;
  performance.measure(`tongban:${name}`, { start: started, detail: { cpu } });
  return cpu;
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

/**
 * One line: seconds from the process's start to listening, and its parts — Node and the launcher until
 * main ran, embedded services (started while the api's modules load, when they do), loading the
 * api's modules, then Nest's init and listen with the migrations and seeding inside it (measured
 * where they run) and the rest of init. The parts main runs itself also say the CPU seconds this
 * process spent in them (the services' without the loading's), a figure the machine's load does
 * not stretch as it stretches the wall time.
 */
function startupReport(compiled: { hits: number; misses: number }): string {
  const took = (name: string): number => performance.getEntriesByName(`tongban:${name}`, 'measure').reduce((sum, entry) => sum + entry.duration, 0);
  const seconds = (ms: number): string => (ms / 1000).toFixed(2);
  const cpu = (name: string): string => {
    const detail = (performance.getEntriesByName(`tongban:${name}`, 'measure')[0] as PerformanceMeasure | undefined)?.detail as { cpu?: number } | undefined;
    return detail?.cpu === undefined ? '' : ` (${detail.cpu.toFixed(2)} CPU-s)`;
  };
  const init = took('init-and-listen');
  const inside = { migrations: took('migrations'), 'seed accounts': took('seed-accounts'), 'seed catalogue and bundles': took('seed-catalog'), 'deploy workflows': took('deploy-workflows') };
  const rest = init - Object.values(inside).reduce((sum, ms) => sum + ms, 0);
  const startedAt = performance.getEntriesByName('tongban:services', 'measure')[0]?.startTime ?? 0;
  const parts = [
    `node start ${seconds(startedAt)} (${cpuSeconds(cpuAtStart).toFixed(2)} CPU-s)`,
    `services ${seconds(took('services'))}${cpu('services')}${servicesAlongsideModules ? ' while loading modules' : ''}`,
    `load modules ${seconds(took('load-modules'))}${cpu('load-modules')}`,
    `init ${seconds(init)}${cpu('init-and-listen')} (${Object.entries(inside).map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}, other init and listen ${seconds(rest)})`,
  ];
  parts.push(`modules compiled from the code cache ${compiled.hits} of ${compiled.hits + compiled.misses}`);
  return `start-up: listening ${seconds(performance.now())} s (${cpuSeconds(process.cpuUsage()).toFixed(2)} CPU-s) after the process started: ${parts.join(', ')}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
