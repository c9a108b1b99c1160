import { serviceTask } from '../../test/faults/support/bpmn-fixtures';
import { jobQueueCapability } from '../../test/faults/support/capabilities';
import { asIntegrator, isOk } from '../../test/faults/support/rest-client';
import type { TongbanStack } from '../../test/faults/support/stack';
import { mapLimit, sleep } from '../../test/faults/support/wait';
import { startInstance, waitCompleted } from '../../test/faults/support/workflow-driver';

const INSTANCES = Number(process.env.BENCH_SYSTEM_INSTANCES || 2000);
const SECONDS = Number(process.env.BENCH_SYSTEM_SECONDS || 20);
const POLLERS = Number(process.env.BENCH_SYSTEM_POLLERS || 4);
const BATCH = Number(process.env.BENCH_SYSTEM_BATCH || 50);

/**
 * (c) jobs/s of service tasks: instances wait in a service task, a department system activates and
 * completes their jobs over REST, and Tongban's one worker process advances each instance to its end.
 * Returns the line to print; says honestly when the capability is missing.
 */
export async function measureSystemTasks(stack: TongbanStack): Promise<string> {
  const jobType = 'bench-check';
  const capability = await jobQueueCapability(stack.client, 'bench-system-task', jobType, serviceTask('bench-system-task', jobType));
  if (!capability.available) return `(c) system-task path: not measured (job queues not available: ${capability.reason})`;

  const ids = (await mapLimit(Array.from({ length: INSTANCES }), 16, async () => {
    const res = await startInstance(stack.client, capability.processKey!);
    return isOk(res.status) ? (res.body.id as string) : undefined;
  })).filter((id): id is string => !!id);

  let jobs = 0;
  let failures = 0;
  const began = performance.now();
  const stopAt = began + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: POLLERS }, async (_, poller) => {
      while (performance.now() < stopAt && jobs < ids.length) {
        const activated = await stack.client.post('/api/v1/jobs/activate', asIntegrator, { type: jobType, maxJobs: BATCH, workerId: `bench-${poller}`, timeout: 30_000 });
        const batch: { key?: string; id?: string }[] = isOk(activated.status) ? (activated.body.jobs ?? activated.body.items ?? activated.body ?? []) : [];
        if (!Array.isArray(batch) || batch.length === 0) {
          await sleep(20);
          continue;
        }
        await Promise.all(
          batch.map(async (job) => {
            const res = await stack.client.post(`/api/v1/jobs/${job.id ?? job.key}/complete`, asIntegrator, { variables: { checked: true } });
            if (isOk(res.status)) jobs++;
            else failures++;
          }),
        );
      }
    }),
  );
  const jobSeconds = (performance.now() - began) / 1000;
  const pending = await waitCompleted(stack.db, ids, 20_000);
  const advancedSeconds = (performance.now() - began) / 1000;
  return (
    `(c) system-task path (REST activate/complete in batches of ${BATCH}, ${POLLERS} pollers, one worker process advancing): ` +
    `${(jobs / jobSeconds).toFixed(1)} jobs/s completed (${jobs} jobs, ${failures} failed completions); ` +
    `${ids.length - pending.length}/${ids.length} instances reached their end in ${advancedSeconds.toFixed(1)} s → ${((ids.length - pending.length) / advancedSeconds).toFixed(1)} instances/s end to end`
  );
}
