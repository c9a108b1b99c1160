import { serviceTask } from './support/bpmn-fixtures';
import { jobQueueCapability } from './support/capabilities';
import { RestJobWorker } from './support/job-client';
import { runScenario } from './support/report';
import { isOk } from './support/rest-client';
import { TongbanStack } from './support/stack';
import { mapLimit, sleep } from './support/wait';
import { startInstance, stateCounts, waitCompleted } from './support/workflow-driver';

const INSTANCES = Number(process.env.FAULTS_JOB_INSTANCES || 300);
const KILLS = Number(process.env.FAULTS_WORKER_KILLS || 50);
const STEPS = 2;
const JOB_TYPE = 'faults-registry-check';

/**
 * Worker `kill -9` 50× while 300 instances run two service tasks each, whose jobs a department
 * system takes over REST: every instance completes, no job's effect is applied twice, and the
 * redeliveries are counted.
 */
runScenario('worker-kill', async (report) => {
  const stack = await TongbanStack.start({ name: 'worker_kill' });
  try {
    const capability = await jobQueueCapability(stack.client, 'faults-jobs', JOB_TYPE, serviceTask('faults-jobs', JOB_TYPE, STEPS));
    if (!capability.available) {
      report.skip('all-complete-no-duplicates', `service tasks / job queues missing: ${capability.reason}`);
      return;
    }
    const worker = stack.worker!;
    worker.options.readyPattern = /worker started/;

    const ids = (await mapLimit(Array.from({ length: INSTANCES }), 16, async () => {
      const res = await startInstance(stack.client, capability.processKey!);
      return isOk(res.status) ? (res.body.id as string) : undefined;
    })).filter((id): id is string => !!id);

    const jobs = new RestJobWorker(stack.client, JOB_TYPE, { pollers: 4, maxJobs: 10, timeoutMs: 5_000 });
    jobs.rate = Math.max(2, (INSTANCES * STEPS) / (KILLS * 2));
    jobs.start();
    let kills = 0;
    const began = Date.now();
    while (kills < KILLS) {
      await sleep(200 + Math.random() * 800);
      await worker.kill9();
      kills++;
      await worker.start();
    }
    const killSeconds = (Date.now() - began) / 1000;
    jobs.rate = Infinity;
    const pending = await waitCompleted(stack.db, ids, 60_000);
    await jobs.stop();

    const history = await stack.db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT instance_id, element_id FROM history_event
          WHERE instance_id = ANY($1::uuid[]) AND element_id LIKE 'check-%' AND type = 'element.left'
          GROUP BY instance_id, element_id HAVING count(*) > 1) twice`,
      [ids],
    );
    const completedBefore = `${jobs.completed} jobs completed by the department system`;
    report.check(
      'all-complete',
      pending.length === 0 && ids.length === INSTANCES,
      `${ids.length - pending.length}/${INSTANCES} instances completed after ${kills} worker kill -9 in ${killSeconds.toFixed(0)} s${pending.length ? ` (${await stateCounts(stack.db, pending)})` : ''}`,
    );
    report.check(
      'no-duplicated-effects',
      jobs.duplicatedEffects === 0 && history.rows[0].n === 0,
      `${completedBefore}; effects applied twice: ${jobs.duplicatedEffects}; service tasks left twice in history: ${history.rows[0].n}; redeliveries: ${jobs.redeliveries} (${jobs.activated} activations for ${jobs.activations.size} jobs); rejected completions: ${[...jobs.completionErrors].map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}`,
    );
  } finally {
    await stack.close();
  }
});
