import { parallelBundle } from './support/bpmn-fixtures';
import { failedJobReasons } from './support/bullmq-inspect';
import { terminateBackends } from './support/database';
import { runScenario } from './support/report';
import { ResilientLoad } from './support/resilient-load';
import { TongbanStack } from './support/stack';
import { sleep } from './support/wait';
import { deploy } from './support/workflow-driver';

const LOAD_SECONDS = Number(process.env.FAULTS_PG_LOAD_SECONDS || 20);
const EVERY_MS = Number(process.env.FAULTS_PG_EVERY_MS || 2000);

/**
 * PostgreSQL backends of the api and the worker terminated every few seconds under load:
 * no 2xx without a commit, and every instance still completes.
 */
runScenario('pg-backends', async (report) => {
  const stack = await TongbanStack.start({ name: 'pg_backends' });
  try {
    const { key } = await deploy(stack.client, 'faults-pg', parallelBundle('faults-pg', undefined, { async: true }));
    const load = new ResilientLoad(stack.client, stack.db, key, 5);
    let stopped = false;
    const running = load.run(8, () => stopped);
    let terminated = 0;
    let rounds = 0;
    const until = Date.now() + LOAD_SECONDS * 1000;
    while (Date.now() < until) {
      await sleep(EVERY_MS);
      terminated += await terminateBackends(stack.db, stack.database).catch(() => 0);
      rounds++;
    }
    stopped = true;
    await running;
    report.note(`terminated ${terminated} backends in ${rounds} rounds; responses under load: ${load.statusSummary()}`);

    const pending = await load.settle(60_000);
    const total = await load.instanceCount();
    const unacknowledged = await load.uncommittedAcknowledgements();
    report.check(
      'no-2xx-without-commit',
      unacknowledged.completions === 0 && unacknowledged.starts === 0,
      `${load.acknowledgedCompletions.size} completions and ${load.acknowledgedStarts.size} starts answered 2xx; not in PostgreSQL: ${unacknowledged.completions} completions, ${unacknowledged.starts} starts (${terminated} backends terminated, every ${EVERY_MS / 1000} s)`,
    );
    const failed = await failedJobReasons(stack.redis!, stack.env.TONGBAN_QUEUE_PREFIX!, ['continuation']);
    report.check('all-instances-complete', pending.length === 0 && total > 0, `${total - pending.length}/${total} instances completed after the terminations${failed ? `; BullMQ gave up on: ${failed}` : ''}`);
    const survival = stack.survival();
    report.check('api-survives', survival.all, `${survival.summary} after the run`);
  } finally {
    await stack.close();
  }
});
