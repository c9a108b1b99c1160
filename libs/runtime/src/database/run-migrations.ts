import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

/** Arbitrary constant naming Tongban's schema lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_ID = 7_407_110_482;

/**
 * Runs pending migrations while holding a session advisory lock, so processes starting together
 * against one database (several api copies, parallel test workers) migrate it exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const started = performance.now();
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lockRunner.release();
    // `npm start` reports its start-up in parts; this is the migrations part (lock, check, run).
    performance.measure('tongban:migrations', { start: started });
  }
}
