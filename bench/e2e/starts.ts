import { formatSummary, summarise } from '../../test/faults/support/latency';
import { isOk } from '../../test/faults/support/rest-client';
import { parallelBundle } from '../../test/faults/support/bpmn-fixtures';
import type { TongbanStack } from '../../test/faults/support/stack';
import { deploy, startInstance } from '../../test/faults/support/workflow-driver';
import { difference, snapshot, total, type ProbeCounts } from './probe';

const STARTS = Number(process.env.BENCH_STARTS || 400);
const START_CLIENTS = Number(process.env.BENCH_START_CLIENTS || 4);

/**
 * (s) The start alone (`BENCH_ONLY=starts`): the five-department bundle started `BENCH_STARTS` times over
 * REST by `BENCH_START_CLIENTS` closed-loop clients, nothing else driven. Per start: what the api sent to
 * PostgreSQL (statements by text, pool checkouts; `probe.ts` preloaded into it), its CPU-µs, the
 * transactions PostgreSQL committed and the Redis commands executed (whole database and server, the
 * worker's idle polling included), and the start's latency.
 */
export async function measureStarts(stack: TongbanStack, probeDir: string): Promise<string> {
  const { key } = await deploy(stack.client, 'bench-starts', parallelBundle('bench-starts'));
  const run = async (n: number) => {
    const ms: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: START_CLIENTS }, async () => {
      while (next++ < n) {
        const res = await startInstance(stack.client, key, { applicant: { name: '张三' }, bundle: 'five-department' });
        if (!isOk(res.status)) throw new Error(`start answered ${res.status}: ${JSON.stringify(res.body)}`);
        ms.push(res.ms);
      }
    }));
    return ms;
  };
  await run(Math.min(50, STARTS));
  const pid = stack.api.pid!;
  const before = await snapshot(pid, probeDir);
  const commitsBefore = await commits(stack);
  const redisBefore = await redisCalls(stack);
  const ms = await run(STARTS);
  const after = await snapshot(pid, probeDir);
  const committed = (await commits(stack)) - commitsBefore;
  const redis = (await redisCalls(stack)) - redisBefore;
  const counts: ProbeCounts | undefined = before && after ? difference(before, after) : undefined;
  const per = (n: number) => (n / STARTS).toFixed(2);
  const lines = [
    `(s) the start alone: ${STARTS} starts of the five-department bundle over REST, ${START_CLIENTS} closed-loop clients; start ${formatSummary(summarise(ms))}`,
    counts
      ? `    per start: api ${per(total(counts.statements))} SQL statements, ${per(counts.checkouts)} pool checkouts, ${(counts.cpuMicros / STARTS).toFixed(0)} CPU-µs; PostgreSQL ${per(committed)} committed transactions (whole database); Redis ${per(redis)} commands executed`
      : '    per start: (no probe answer from the api)',
    ...Object.entries(counts?.statements ?? {}).slice(0, 20).map(([text, n]) => `      ${per(n)}  ${text}`),
  ];
  return lines.join('\n');
}

async function commits(stack: TongbanStack): Promise<number> {
  const result = await stack.db.query('SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()');
  await stack.db.query('SELECT pg_stat_clear_snapshot()');
  return Number(result.rows[0].n);
}

async function redisCalls(stack: TongbanStack): Promise<number> {
  if (!stack.redis) return 0;
  const info = String(await stack.redis.query('INFO', 'commandstats'));
  return [...info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}
