import { recreateDatabase } from '../../test/faults/support/database';
import { formatSummary } from '../../test/faults/support/latency';
import { measurePgLimit } from './pg-limit';

async function main(): Promise<void> {
  const url = await recreateDatabase('tongban_bench');
  const limit = await measurePgLimit(url, { seconds: Number(process.env.BENCH_PG_SECONDS || 10) });
  console.log(`(a) PostgreSQL limit: ${limit.transactionsPerSecond.toFixed(0)} tx/s  ${formatSummary(limit.latency)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
