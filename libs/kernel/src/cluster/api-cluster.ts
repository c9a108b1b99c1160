import cluster, { type Worker } from 'node:cluster';
import type { RuntimeConfig } from '../config/runtime-config';

/** Set by the cluster primary in each copy's environment: which copy it is, 1 to `TONGBAN_API_PROCESSES`. */
export const PROCESS_INDEX_VARIABLE = 'TONGBAN_API_PROCESS_INDEX';

/** A copy that dies within this long of its start counts as failing to start: it is restarted later and later. */
const HEALTHY_AFTER_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long copies may take to finish their requests and close after SIGTERM before they are killed. */
const STOP_GRACE_MS = 30_000;

/**
 * The operations port of copy `index`: the configured one for copy 1, the next ones for the others,
 * so Prometheus scrapes each copy on a port of its own (one series per copy); 0 (any free port) and
 * off stay as they are.
 */
export function copyMetricsPort(metricsPort: number | undefined, index: number): number | undefined {
  return metricsPort ? metricsPort + index - 1 : metricsPort;
}

/**
 * What copy `index` gets in its environment from the primary: the signing secret (in demo mode each
 * process would otherwise draw one of its own, and a token from one copy would fail in another) and
 * its operations port.
 */
export function copyEnv(config: Pick<RuntimeConfig, 'jwtSecret' | 'metricsPort'>, index: number): NodeJS.ProcessEnv {
  const metricsPort = copyMetricsPort(config.metricsPort, index);
  return { JWT_SECRET: config.jwtSecret, ...(metricsPort === undefined ? {} : { TONGBAN_METRICS_PORT: String(metricsPort) }) };
}

export interface ApiClusterOptions {
  /** How many copies of the api to run. */
  processes: number;
  /** The api's port (0: any free port); a copy is up once it listens there. */
  port: number;
  /** The operations port of copy `index`, whose listening does not count as the api's. */
  metricsPortOf?: (index: number) => number | undefined;
  /** Environment of copy `index` (1-based) on top of the primary's. */
  envOf?: (index: number) => NodeJS.ProcessEnv;
  /** How the primary reports what it does. */
  log?: (line: string) => void;
  /** Runs once every copy has stopped after SIGTERM or SIGINT, before the primary exits. */
  onStopped?: () => Promise<void>;
}

/**
 * Runs the api in `processes` copies that share one listening port (Node's cluster: the primary
 * accepts connections and hands them to the copies in turn), so the api uses every core. A copy keeps
 * nothing between requests that another would need: sessions, API keys and rate limits live in
 * PostgreSQL and Redis, and the in-process caches (sessions, keys, the region tree, models) are
 * dropped through Redis messages or reload on a miss, in each copy alike.
 *
 * Copy 1 starts first and the others once it listens, so migrations and seeding run once and not in
 * a race. The primary restarts a copy that dies (after 0.5 s, doubling up to 30 s while it keeps dying
 * within 10 s of its start); if copy 1 dies before it ever listened the installation cannot start and
 * the primary exits with code 1. SIGTERM or SIGINT stops every copy (each finishes its requests and
 * closes its connections), then the primary.
 */
export function runApiCluster(options: ApiClusterOptions): void {
  const log = options.log ?? ((line: string) => console.log(line));
  const copies = new Map<number, { worker: Worker; startedAt: number; delay: number }>();
  let listened = false;
  let stopping = false;

  const fork = (index: number, delay = FIRST_RESTART_DELAY_MS) => {
    const worker = cluster.fork({ ...options.envOf?.(index), [PROCESS_INDEX_VARIABLE]: String(index) });
    copies.set(index, { worker, startedAt: Date.now(), delay });
    worker.on('listening', (address) => {
      const api = options.port ? address.port === options.port : address.port !== options.metricsPortOf?.(index);
      if (!api) return;
      log(`api copy ${index} (pid ${worker.process.pid}) listening`);
      if (index !== 1 || listened) return;
      listened = true;
      for (let next = 2; next <= options.processes; next++) fork(next);
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (index === 1 && !listened) {
        log(`api copy 1 exited (code ${code}, signal ${signal}) before it listened: not starting`);
        process.exit(1);
      }
      const copy = copies.get(index)!;
      const healthy = Date.now() - copy.startedAt >= HEALTHY_AFTER_MS;
      const wait = healthy ? FIRST_RESTART_DELAY_MS : copy.delay;
      log(`api copy ${index} (pid ${worker.process.pid}) exited (code ${code}, signal ${signal}); starting it again in ${wait} ms`);
      setTimeout(() => {
        if (!stopping) fork(index, healthy ? FIRST_RESTART_DELAY_MS : Math.min(copy.delay * 2, MAX_RESTART_DELAY_MS));
      }, wait).unref();
    });
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${copies.size} api copies`);
    const running = [...copies.values()].map(({ worker }) => worker).filter((worker) => !worker.isDead());
    const killer = setTimeout(() => running.forEach((worker) => worker.process.kill('SIGKILL')), STOP_GRACE_MS);
    void Promise.all(running.map((worker) => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.process.kill(signal);
    })))
      .then(async () => {
        clearTimeout(killer);
        await options.onStopped?.();
      })
      .catch((error: unknown) => log(`while stopping: ${(error as Error).message}`))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(`api in ${options.processes} processes sharing one port (cluster primary pid ${process.pid})`);
  fork(1);
}
