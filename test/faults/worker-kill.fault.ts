import { existsSync } from 'node:fs';
import { serviceTask } from './support/bpmn-fixtures';
import { failedJobReasons } from './support/bullmq-inspect';
import { jobQueueCapability } from './support/capabilities';
import { createEffectTables, jobWorkerClientPath } from './support/department-worker';
import { RestJobWorker } from './support/job-client';
import { runScenario } from './support/report';
import { isOk } from './support/rest-client';
import { TongbanStack } from './support/stack';
import { TongbanProcess } from './support/tongban-process';
import { mapLimit, sleep } from './support/wait';
import { startInstance, stateCounts, waitCompleted } from './support/workflow-driver';

const INSTANCES = Number(process.env.FAULTS_JOB_INSTANCES || 300);
const KILLS = Number(process.env.FAULTS_WORKER_KILLS || 50);
const REST_TYPE = 'faults-registry-check';
const QUEUE_TYPE = 'faults-archive';
const HANDLER_MS = Number(process.env.FAULTS_JOB_HANDLER_MS || 300);

/**
 * Worker `kill -9` 50× while 300 instances run service tasks. Each instance runs two: `check-1`
 * (job type faults-registry-check) taken by a department system over REST (`/jobs/activate`,
 * `/jobs/:id/complete`), then `check-2` (faults-archive) taken by a department system that is a
 * BullMQ worker in its own process, each job taking 300 ms like a call to a back office, so that kills
 * land on jobs in flight. The kills alternate between Tongban's worker process (relay,
 * continuations, job results) and that department worker process. Every instance must complete,
 * no job's effect may be applied twice, and the redeliveries are counted.
 */
runScenario('worker-kill', async (report) => {
  const stack = await TongbanStack.start({ name: 'worker_kill' });
  const department = new TongbanProcess({ kind: 'department-worker', name: 'department-worker', logDir: stack.logDir, env: { ...stack.env, JOB_TYPE: QUEUE_TYPE, JOB_HANDLER_MS: String(HANDLER_MS) }, readyPattern: /department worker started/ });
  try {
    const capability = await jobQueueCapability(stack.client, 'faults-jobs', REST_TYPE, serviceTask('faults-jobs', [REST_TYPE, QUEUE_TYPE], 2));
    if (!capability.available || !existsSync(jobWorkerClientPath)) {
      report.skip('all-complete-no-duplicates', `service tasks / job queues missing: ${capability.reason ?? `${jobWorkerClientPath} not built`}`);
      return;
    }
    await createEffectTables(stack.db);
    await department.start();

    const ids = (await mapLimit(Array.from({ length: INSTANCES }), 16, async () => {
      const res = await startInstance(stack.client, capability.processKey!);
      return isOk(res.status) ? (res.body.id as string) : undefined;
    })).filter((id): id is string => !!id);

    const rest = new RestJobWorker(stack.client, REST_TYPE, { pollers: 4, maxJobs: 10, timeoutMs: 30_000 });
    rest.rate = Math.max(2, INSTANCES / (KILLS * 1.8));
    rest.start();
    const kills = { tongbanWorker: 0, departmentWorker: 0 };
    const began = Date.now();
    for (let i = 0; i < KILLS; i++) {
      await sleep(200 + Math.random() * 800);
      const worker = stack.workers[Math.floor(i / 2) % stack.workers.length];
      const victim = i % 2 === 0 ? worker : department;
      await victim.kill9();
      if (victim === worker) kills.tongbanWorker++;
      else kills.departmentWorker++;
      await victim.start();
    }
    const killSeconds = (Date.now() - began) / 1000;
    rest.rate = Infinity;
    const pending = await waitCompleted(stack.db, ids, 90_000);
    await rest.stop();

    const twice = await stack.db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT instance_id, element_id FROM history_event
          WHERE instance_id = ANY($1::uuid[]) AND element_id LIKE 'check-%' AND type = 'element.left'
          GROUP BY instance_id, element_id HAVING count(*) > 1) twice`,
      [ids],
    );
    const queued = await stack.db.query(`SELECT count(*)::int AS attempts, count(DISTINCT job_id)::int AS jobs FROM fault_effect_attempt`);
    const effects = await stack.db.query(`SELECT count(*)::int AS n FROM fault_effect`);
    const queueRedeliveries = queued.rows[0].attempts - queued.rows[0].jobs;
    // with TONGBAN_JOB_GROUP_SIZE above 1 (passed to every process), how many queue jobs travelled in groups
    const grouped = await stack.db.query(
      `SELECT count(*)::int AS messages, count(payload->>'queueGroupId')::int AS grouped, count(DISTINCT payload->>'queueGroupId')::int AS groups FROM outbox WHERE topic = $1`,
      [`jobs.${QUEUE_TYPE}`],
    );
    const groups = grouped.rows[0].grouped > 0 ? `; ${grouped.rows[0].grouped} of ${grouped.rows[0].messages} job messages published in ${grouped.rows[0].groups} groups` : '';
    const failed = await failedJobReasons(stack.redis!, stack.env.TONGBAN_QUEUE_PREFIX!, ['continuation', 'job-results', `jobs.${QUEUE_TYPE}`, `jobs.${REST_TYPE}`]);
    report.check(
      'all-complete',
      pending.length === 0 && ids.length === INSTANCES,
      `${ids.length - pending.length}/${INSTANCES} instances completed after ${KILLS} kill -9 in ${killSeconds.toFixed(0)} s (Tongban worker ${kills.tongbanWorker}, department worker ${kills.departmentWorker})${pending.length ? `; not completed: ${await stateCounts(stack.db, pending)}` : ''}${failed ? `; BullMQ gave up on: ${failed}` : ''}`,
    );
    report.check(
      'no-duplicated-effects',
      rest.duplicatedEffects === 0 && twice.rows[0].n === 0 && effects.rows[0].n === queued.rows[0].jobs,
      `service tasks left twice in history: ${twice.rows[0].n}; REST jobs completed twice: ${rest.duplicatedEffects} (${rest.completed} completions, ${rest.redeliveries} redeliveries, rejected: ${[...rest.completionErrors].map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}); ` +
        `queue jobs: ${queued.rows[0].jobs} effects from ${queued.rows[0].attempts} deliveries (${queueRedeliveries} redeliveries, absorbed by the effect key)${groups}`,
    );
  } finally {
    await department.close();
    await stack.close();
  }
});
