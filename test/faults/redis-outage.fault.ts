import { parallelBundle } from './support/bpmn-fixtures';
import { failedJobReasons } from './support/bullmq-inspect';
import { runScenario } from './support/report';
import { ResilientLoad } from './support/resilient-load';
import { TongbanStack } from './support/stack';
import { sleep } from './support/wait';
import { deploy } from './support/workflow-driver';

const DOWN_SECONDS = Number(process.env.FAULTS_REDIS_DOWN_SECONDS || 3);
const SETTLE_MS = Number(process.env.FAULTS_REDIS_SETTLE_MS || 45_000);
const FLUSHES = Number(process.env.FAULTS_REDIS_FLUSHES || 5);

/**
 * Redis under load, on a private redis-server with AOF as deployed: (A) killed with SIGKILL and
 * restarted after a few seconds; (B) FLUSHALL five times, a second apart, every queued or
 * retrying job gone each time. Each phase drives its own
 * process key, and every instance of it must still complete.
 */
runScenario('redis-outage', async (report) => {
  const stack = await TongbanStack.start({ name: 'redis_outage', redisAppendOnly: true });
  try {
    const phases = [
      {
        name: 'kill-restart',
        key: 'faults-redis-kill',
        fault: async () => {
          await stack.redis!.kill9();
          await sleep(DOWN_SECONDS * 1000);
          await stack.redis!.restart();
          return `redis-server killed -9, down ${DOWN_SECONDS} s, restarted`;
        },
      },
      {
        name: 'flushall',
        key: 'faults-redis-flush',
        fault: async () => {
          for (let i = 0; i < FLUSHES; i++) {
            if (i > 0) await sleep(1_000);
            await stack.redis!.flushAll();
          }
          return `FLUSHALL ×${FLUSHES}, 1 s apart`;
        },
      },
    ];
    for (const phase of phases) {
      const { key } = await deploy(stack.client, phase.key, parallelBundle(phase.key, undefined, { async: true }));
      const load = new ResilientLoad(stack.client, stack.db, key, 5);
      let stopped = false;
      const running = load.run(8, () => stopped);
      await sleep(4_000);
      const what = await phase.fault();
      await sleep(6_000);
      stopped = true;
      await running;
      const settleStarted = Date.now();
      const pending = await load.settle(SETTLE_MS);
      const total = await load.instanceCount();
      const failed = await failedJobReasons(stack.redis!, stack.env.TONGBAN_QUEUE_PREFIX!, ['continuation']);
      report.check(
        `${phase.name}-all-complete`,
        pending.length === 0 && total > 0,
        `${what}: ${total - pending.length}/${total} instances completed (settled in ${((Date.now() - settleStarted) / 1000).toFixed(1)} s); responses under load: ${load.statusSummary()}${failed ? `; BullMQ gave up on: ${failed}` : ''}`,
      );
    }
    const survival = stack.survival();
    report.check('processes-survive', survival.all, `${survival.summary} after both phases`);
  } finally {
    await stack.close();
  }
});
