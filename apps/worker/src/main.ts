import { loadRuntimeConfig, startTracing } from '@tongban/kernel';

// Tracing starts before the worker's modules load: its instrumentations patch http, pg and ioredis as they are required.
const tracing = startTracing(loadRuntimeConfig(), 'tongban-worker');
process.once('SIGTERM', () => void tracing?.shutdown());

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after tracing started
const { createWorker } = require('./bootstrap') as typeof import('./bootstrap');

createWorker().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
