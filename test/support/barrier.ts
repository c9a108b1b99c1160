import { QueueProducer } from '@tongban/runtime';
import type IORedis from 'ioredis';
import type { Cluster } from 'ioredis';
import { scanKeys, testRedis } from './test-redis';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';
import { inRoot } from './root-scope';

/** A delayed BullMQ job due within this margin is about to run: the app is not idle yet. */
const DUE_MARGIN_MS = 250;
const POLL_MS = 20;

interface Observation {
  busy: string[];
  /** Changes whenever a job ends or an outbox row is written: two equal idle observations mean nothing ran in between. */
  progress: string;
}

/**
 * The barrier of absence checks: resolves once the app has nothing in flight — no unpublished
 * outbox row of its queue prefix, no waiting, active or prioritized BullMQ job and no delayed one
 * about to fall due in its queues — twice in a row with nothing ended or written in between.
 * A test asserts that something did NOT happen after this, instead of sleeping. Delayed jobs due
 * later (a timer not due yet, a safety-net delivery) are work for later and do not hold it up.
 */
export async function untilSettled(t: TestApp, timeoutMs = 10_000): Promise<void> {
  const redis = testRedis();
  try {
    const deadline = Date.now() + timeoutMs;
    let previous: Observation | undefined;
    for (;;) {
      const current = await observe(t, redis);
      if (current.busy.length === 0 && previous?.busy.length === 0 && previous.progress === current.progress) return;
      if (Date.now() > deadline) throw new Error(`the app did not settle within ${timeoutMs} ms: ${current.busy.join(', ')}`);
      previous = current;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    redis.disconnect();
  }
}

async function observe(t: TestApp, redis: IORedis | Cluster): Promise<Observation> {
  const busy: string[] = [];
  let ended = 0;
  for (const name of await queueNames(redis, t.queuePrefix)) {
    const queue = inRoot(t.app).get(QueueProducer).queue(name);
    const counts = await queue.getJobCounts('wait', 'active', 'prioritized', 'waiting-children', 'completed', 'failed');
    const running = counts.wait + counts.active + counts.prioritized + counts['waiting-children'];
    if (running > 0) busy.push(`${name}: ${running} waiting or active`);
    const dueSoon = (await queue.getDelayed()).filter((job) => job.timestamp + (job.delay ?? 0) <= Date.now() + DUE_MARGIN_MS);
    if (dueSoon.length > 0) busy.push(`${name}: ${dueSoon.length} delayed jobs falling due`);
    ended += counts.completed + counts.failed;
  }
  const [outbox] = (await inRoot(t.app).get(DataSource).query(
    `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS pending, coalesce(max(id), 0)::text AS newest FROM outbox WHERE queue_prefix = $1`,
    [t.queuePrefix],
  )) as { pending: number; newest: string }[];
  if (outbox.pending > 0) busy.push(`outbox: ${outbox.pending} unpublished rows`);
  return { busy, progress: `${ended}/${outbox.newest}` };
}

/** The BullMQ queues under `prefix` (their keys are `<prefix>:<queue>:…`). */
async function queueNames(redis: IORedis | Cluster, prefix: string): Promise<string[]> {
  const names = new Set<string>();
  for (const key of await scanKeys(redis, `${prefix}:*`)) {
    const name = key.slice(prefix.length + 1).split(':')[0];
    if (name && name !== 'tongban') names.add(name);
  }
  return [...names].sort();
}
