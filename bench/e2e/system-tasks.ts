import { existsSync } from 'node:fs';
import { serviceTask } from '../../test/faults/support/bpmn-fixtures';
import { createEffectTables, jobWorkerClientPath } from '../../test/faults/support/department-worker';
import { isOk } from '../../test/faults/support/rest-client';
import type { TongbanStack } from '../../test/faults/support/stack';
import { TongbanProcess } from '../../test/faults/support/tongban-process';
import { mapLimit } from '../../test/faults/support/wait';
import { startInstance, tryDeploy, waitCompleted } from '../../test/faults/support/workflow-driver';

const INSTANCES = Number(process.env.BENCH_SYSTEM_INSTANCES || 2000);
const JOB_TYPE = 'bench-registry-check';

/**
 * (c) The system-task path: instances wait in a service task; one department system, a BullMQ worker
 * in its own process (Tongban's `createJobWorker`), takes the jobs from the queue and reports results;
 * Tongban's one worker process applies each result and the engine advances the instance to its end.
 * The instances are started first with the department worker stopped, so its queue is full; then it
 * starts and the clock runs until every instance has ended. Returns the line to print.
 */
export async function measureSystemTasks(stack: TongbanStack): Promise<string> {
  const deployed = await tryDeploy(stack.client, 'bench-system-task', serviceTask('bench-system-task', JOB_TYPE));
  if (!isOk(deployed.status)) return `(c) system-task path: not measured (a service-task model is refused: ${deployed.status} ${JSON.stringify(deployed.body).slice(0, 160)})`;
  if (!existsSync(jobWorkerClientPath)) return `(c) system-task path: not measured (no BullMQ job-worker client at ${jobWorkerClientPath})`;
  const key = deployed.body.processes[0].key as string;
  await createEffectTables(stack.db);
  const department = new TongbanProcess({ kind: 'department-worker', name: 'bench-department-worker', logDir: stack.logDir, env: { ...stack.env, JOB_TYPE, JOB_CONCURRENCY: '32' }, readyPattern: /department worker started/ });
  try {
    const probe = await startInstance(stack.client, key);
    await department.start();
    const probeDone = isOk(probe.status) && (await waitCompleted(stack.db, [probe.body.id], 15_000)).length === 0;
    if (!probeDone) return `(c) system-task path: not measured (a service-task instance did not complete within 15 s with a department worker on its queue)`;
    await department.stop();
    const probeJobs = (await stack.db.query<{ job_id: string }>(`SELECT job_id FROM fault_effect`)).rows.map((row) => row.job_id);

    const ids = (await mapLimit(Array.from({ length: INSTANCES }), 16, async () => {
      const res = await startInstance(stack.client, key);
      return isOk(res.status) ? (res.body.id as string) : undefined;
    })).filter((id): id is string => !!id);
    const began = performance.now();
    await department.start();
    const pending = await waitCompleted(stack.db, ids, 60_000);
    const seconds = (performance.now() - began) / 1000;
    const done = ids.length - pending.length;
    const window = await stack.db.query(
      `SELECT count(*)::int AS n, extract(epoch FROM max(p.ended_at) - (SELECT min(at) FROM fault_effect WHERE job_id <> ALL($2::text[])))::float AS seconds
         FROM process_instance p WHERE p.id = ANY($1::uuid[]) AND p.state = 'completed'`,
      [ids, probeJobs],
    );
    const flowing = window.rows[0].n / window.rows[0].seconds;
    return (
      `(c) system-task path (one department BullMQ worker process, concurrency 32, and Tongban's one worker process applying results): ` +
      `${flowing.toFixed(1)} jobs/s from the first job taken to the last instance ended (${done}/${ids.length} jobs; ${(done / seconds).toFixed(1)} jobs/s counting the worker's start, ${seconds.toFixed(1)} s)`
    );
  } finally {
    await department.close();
  }
}
