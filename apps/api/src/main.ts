import cluster from 'node:cluster';
import { copyEnv, copyMetricsPort, loadRuntimeConfig, runApiCluster, startTracing } from '@tongban/kernel';

const config = loadRuntimeConfig();

if (config.apiProcesses > 1 && cluster.isPrimary) {
  // The primary only forks and watches the copies; each copy below loads the api.
  runApiCluster({
    processes: config.apiProcesses,
    port: config.port,
    metricsPortOf: (index) => copyMetricsPort(config.metricsPort, index),
    envOf: (index) => copyEnv(config, index),
  });
} else {
  // Tracing starts before the api's modules load: its instrumentations patch http, pg and ioredis as they are required.
  const tracing = startTracing(config, 'tongban-api');
  process.once('SIGTERM', () => void tracing?.shutdown());

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after tracing started
  const { createApi } = require('./bootstrap') as typeof import('./bootstrap');

  createApi().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

