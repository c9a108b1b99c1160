import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createJobWorker } from '../../libs/runtime/src/jobs/job-worker.client';
import { JOB_GROUP_NAME, jobGroupId, type JobMessage } from '../../libs/runtime/src/jobs/job.types';
import { OUTBOX_JOB_OPTIONS } from '../../libs/runtime/src/outbox/outbox-relay';
import { PrivateRedis } from '../../test/faults/support/redis-server';
import { repoRoot } from '../../test/faults/support/tongban-process';
import { sleep } from '../../test/faults/support/wait';

/**
 * The department side of the system-task path alone: a private redis-server, `BENCH_DEPARTMENT_JOBS` (6,000)
 * job messages queued as the outbox relay queues them, then taken, handled (a handler that does nothing) and
 * reported by one worker in this process, concurrency 32. Per job: the CPU of this process while the jobs are
 * taken and reported, the commands Redis executed (INFO commandstats: commands run inside scripts count) and
 * Redis' CPU. Compared: `createJobWorker` taking one BullMQ job per job message, and the same taking groups of N
 * job messages in one BullMQ job (`JobMessageGroup`, as the relay queues them with `TONGBAN_JOB_GROUP_SIZE=N`).
 * The queueing itself is not counted: it costs about 10 commands per BullMQ job (`addStandardJob`).
 *
 * `node -r ./scripts/register-paths.js dist/bench/e2e/system-tasks-department.js`
 */
const JOBS = Number(process.env.BENCH_DEPARTMENT_JOBS || 6000);
const CONCURRENCY = 32;
const TYPE = 'bench-department';
const PREFIX = 'tongban';

interface Figures {
  cpuMicros: number;
  commands: number;
  redisCpuMicros: number;
}

function message(n: number): JobMessage & { outboxId: string; outboxRegion: string } {
  const jobId = randomUUID();
  return {
    jobId, queueJobId: `job-${jobId}`, instanceId: randomUUID(), processKey: 'bench', key: 'k1', elementId: 'check', jobType: TYPE,
    retries: 3, variables: { n, applicant: 'x'.repeat(40) }, customHeaders: {}, outboxId: String(n), outboxRegion: 'cn',
  };
}

async function redisFigures(redis: Redis): Promise<{ commands: number; cpu: number }> {
  const stats = await redis.info('commandstats');
  let commands = 0;
  for (const match of stats.matchAll(/calls=(\d+)/g)) commands += Number(match[1]);
  const cpu = await redis.info('cpu');
  return { commands, cpu: Number(/used_cpu_sys:([\d.]+)/.exec(cpu)?.[1]) + Number(/used_cpu_user:([\d.]+)/.exec(cpu)?.[1]) };
}

/** Queues the jobs (groups of `group` messages, or one message each when `group` is 0), runs `consume`, returns the figures per job message. */
async function measure(group: number, consume: (url: string, handled: () => void) => Promise<{ close(): Promise<void> }>): Promise<Figures> {
  const server = await PrivateRedis.start(join(repoRoot, '.tmp', 'bench-department-redis'), { appendOnly: false });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const queueConnection = new Redis(server.url, { maxRetriesPerRequest: null });
  const queue = new Queue(`jobs.${TYPE}`, { connection: queueConnection, prefix: PREFIX });
  try {
    const messages = Array.from({ length: JOBS }, (_, n) => message(n));
    const jobs = group === 0
      ? messages.map((data) => ({ name: 'job.created', data, opts: { ...OUTBOX_JOB_OPTIONS, jobId: data.queueJobId } }))
      : Array.from({ length: Math.ceil(JOBS / group) }, (_, g) => messages.slice(g * group, (g + 1) * group))
        .map((members) => ({ name: JOB_GROUP_NAME, data: { messages: members }, opts: { ...OUTBOX_JOB_OPTIONS, jobId: jobGroupId(members.map((m) => m.jobId)) } }));
    for (let i = 0; i < jobs.length; i += 200) await queue.addBulk(jobs.slice(i, i + 200));
    let handled = 0;
    const before = await redisFigures(redis);
    const cpu = process.cpuUsage();
    const consumer = await consume(server.url, () => handled++);
    while (handled < JOBS) await sleep(10);
    for (;;) {
      const counts = await queue.getJobCounts('wait', 'active');
      if (counts.wait + counts.active === 0) break;
      await sleep(10);
    }
    const used = process.cpuUsage(cpu);
    const after = await redisFigures(redis);
    await consumer.close();
    return { cpuMicros: (used.user + used.system) / JOBS, commands: (after.commands - before.commands) / JOBS, redisCpuMicros: ((after.cpu - before.cpu) * 1e6) / JOBS };
  } finally {
    await queue.close();
    queueConnection.disconnect();
    redis.disconnect();
    await server.stop();
  }
}

/** `createJobWorker` as a department runs it. */
function jobWorker(url: string, handled: () => void): Promise<{ close(): Promise<void> }> {
  const worker = createJobWorker({ redisUrl: url, prefix: PREFIX, type: TYPE, concurrency: CONCURRENCY, handler: async () => {
    handled();
    return { ok: true };
  } });
  return Promise.resolve(worker);
}

async function main(): Promise<void> {
  const rows: [string, Figures][] = [];
  rows.push(['createJobWorker, one BullMQ job per job message', await measure(0, jobWorker)]);
  for (const size of [10, 32]) rows.push([`createJobWorker, groups of ${size} job messages in one BullMQ job`, await measure(size, jobWorker)]);
  console.log(`department side of the system-task path, ${JOBS} jobs, concurrency ${CONCURRENCY}, a handler that does nothing; per job:`);
  for (const [name, f] of rows) console.log(`  ${name}: ${f.cpuMicros.toFixed(0)} CPU-µs (this process), ${f.commands.toFixed(2)} Redis commands executed, ${f.redisCpuMicros.toFixed(0)} Redis CPU-µs`);
}

void main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
