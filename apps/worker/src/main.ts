import { createWorker } from './bootstrap';

createWorker().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
