import { createApi } from './bootstrap';

createApi().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
