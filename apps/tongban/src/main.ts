import cluster from 'node:cluster';
import { resolve } from 'node:path';
import { ensureServices } from './embedded/embedded-services';

/**
 * Tongban in one process on embedded defaults: PostgreSQL and Redis from DATABASE_URL / REDIS_URL,
 * or an embedded PostgreSQL (data in ./data/postgres) and a private redis-server (./data/redis);
 * api and worker together; the bundles and processes under ./workflows deployed at start. With
 * `TONGBAN_API_PROCESSES` above 1 this process starts the services and then watches that many copies
 * of the api sharing the port, the first of which runs the worker.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../../../..');
  const services = await ensureServices(process.env, resolve(root, 'data'), (line) => {
    if (process.env.TONGBAN_LOG_SERVICES) console.log(line);
  });
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.TONGBAN_WORKFLOWS_DIR ??= resolve(root, 'workflows');

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
    return;
  }
  const withWorker = !cluster.isWorker || process.env[kernel.PROCESS_INDEX_VARIABLE] === '1';

  // Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) starts before the api's modules load; configuration is read when they load.
  const tracing = kernel.startTracing(config);
  const { createApi } = require('@tongban/api') as typeof import('@tongban/api');
  const app = await createApi({ port: config.port, withWorker });
  console.log(`Tongban listening on ${await app.getUrl()} (API docs at /api/docs)`);

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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
