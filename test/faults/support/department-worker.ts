import { join } from 'node:path';
import { pool } from './database';
import type { Queryable } from './pg-client';
import { distRoot } from './tongban-process';

interface JobMessage {
  jobId: string;
  instanceId: string;
  elementId: string;
}

interface JobWorkerModule {
  createJobWorker(options: {
    redisUrl: string;
    prefix?: string;
    type: string;
    handler: (job: JobMessage) => Promise<Record<string, unknown>>;
    concurrency?: number;
    workerId?: string;
  }): { close(): Promise<void> };
}

/** The compiled job-worker client of libs/runtime, which a department system uses. */
export const jobWorkerClientPath = join(distRoot, 'libs/runtime/src/jobs/job-worker.client.js');

/** The tables a department worker writes its effects to, in the scenario's database. */
export async function createEffectTables(db: Queryable): Promise<void> {
  await db.query(`CREATE TABLE IF NOT EXISTS fault_effect (job_id text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
  await db.query(`CREATE TABLE IF NOT EXISTS fault_effect_attempt (id bigserial PRIMARY KEY, job_id text NOT NULL, instance_id text, element_id text, at timestamptz NOT NULL DEFAULT now())`);
}

/**
 * A department's own system, run as its own process (`TongbanProcess` kind `department-worker`):
 * one BullMQ worker (Tongban's `createJobWorker`) serving job type JOB_TYPE. Each job's effect is
 * written keyed by the job id: every delivery is recorded in `fault_effect_attempt` as the handler
 * starts, the effect lands once in `fault_effect` as it ends. JOB_HANDLER_MS makes each job take that long first, like a call
 * to a department's back office. Env: REDIS_URL, TONGBAN_QUEUE_PREFIX, JOB_TYPE, DATABASE_URL,
 * JOB_CONCURRENCY, JOB_HANDLER_MS.
 */
export function runDepartmentWorker(env: NodeJS.ProcessEnv = process.env): void {
  const { createJobWorker } = require(jobWorkerClientPath) as JobWorkerModule;
  const db = pool(env.DATABASE_URL!, { max: 8, application_name: 'tongban-faults' });
  const handlerMs = Number(env.JOB_HANDLER_MS || 0);
  const worker = createJobWorker({
    redisUrl: env.REDIS_URL!,
    prefix: env.TONGBAN_QUEUE_PREFIX,
    type: env.JOB_TYPE!,
    concurrency: Number(env.JOB_CONCURRENCY || 16),
    workerId: `department-${process.pid}`,
    handler: async (job) => {
      await db.query(`INSERT INTO fault_effect_attempt (job_id, instance_id, element_id) VALUES ($1, $2, $3)`, [job.jobId, job.instanceId, job.elementId]);
      if (handlerMs > 0) await new Promise((resolve) => setTimeout(resolve, handlerMs));
      await db.query(`INSERT INTO fault_effect (job_id) VALUES ($1) ON CONFLICT (job_id) DO NOTHING`, [job.jobId]);
      return { [`${job.elementId.replace(/[^A-Za-z0-9]/g, '_')}Done`]: true };
    },
  });
  console.log('department worker started');
  process.on('SIGTERM', () => {
    void worker.close().finally(() => db.end().finally(() => process.exit(0)));
  });
}
