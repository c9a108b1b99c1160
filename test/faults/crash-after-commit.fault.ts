import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parallelBundle } from './support/bpmn-fixtures';
import { failedJobReasons } from './support/bullmq-inspect';
import { runScenario } from './support/report';
import { ResilientLoad } from './support/resilient-load';
import { TongbanStack, WORKER_READY } from './support/stack';
import { Supervisor } from './support/supervisor';
import { TongbanProcess } from './support/tongban-process';
import { sleep } from './support/wait';
import { deploy } from './support/workflow-driver';

const TARGET_CRASHES = Number(process.env.FAULTS_CRASHES || 100);
const MAX_LOAD_SECONDS = Number(process.env.FAULTS_CRASH_MAX_SECONDS || 180);
const PROBE_SECONDS = Number(process.env.FAULTS_CRASH_PROBE_SECONDS || 20);
const P_API = process.env.FAULTS_CRASH_P_API || '0.03';
const P_WORKER = process.env.FAULTS_CRASH_P_WORKER || '0.08';

/**
 * Crash between commit and enqueue, 100×: the api and two workers run with failpoints armed
 * (`TONGBAN_FAILPOINT`) and end with exit 137 right after a command's transaction commits and before
 * its outbox rows reach BullMQ, or after the relay added jobs and before it marked the rows published.
 * Each crashed process is started again at once. Afterwards every instance must complete: 0 lost
 * continuations.
 */
runScenario('crash-after-commit', async (report) => {
  const apiFailpoints = `after-commit-before-enqueue:${P_API}`;
  const workerFailpoints = `after-commit-before-enqueue:${P_WORKER},after-enqueue-before-mark:${P_WORKER}`;
  const stack = await TongbanStack.start({ name: 'crash_after_commit', apiEnv: { TONGBAN_FAILPOINT: apiFailpoints }, workerEnv: { TONGBAN_FAILPOINT: workerFailpoints } });
  const secondWorker = new TongbanProcess({ kind: 'worker', name: 'worker-extra', logDir: stack.logDir, env: { ...stack.env, TONGBAN_FAILPOINT: workerFailpoints }, readyPattern: WORKER_READY });
  try {
    await secondWorker.start();
    const processes = [...stack.processes, secondWorker];
    const supervisors = processes.map((process) => new Supervisor(process).start());
    const crashes = (): number => processes.reduce((sum, process) => sum + process.crashes, 0);

    const { key } = await deploy(stack.client, 'faults-crash', parallelBundle('faults-crash', undefined, { async: true }));
    const load = new ResilientLoad(stack.client, stack.db, key, 5);
    let stopped = false;
    const running = load.run(6, () => stopped);
    const began = Date.now();
    while (crashes() < TARGET_CRASHES && Date.now() - began < MAX_LOAD_SECONDS * 1000) {
      if (crashes() === 0 && Date.now() - began > PROBE_SECONDS * 1000) break;
      await sleep(250);
    }
    stopped = true;
    await running;
    const injected = crashes();
    const perProcess = processes.map((process) => `${process.options.name} ${process.crashes}`).join(', ');
    const perFailpoint = firedFailpoints(stack.logDir);
    const loadSeconds = (Date.now() - began) / 1000;

    for (const supervisor of supervisors) await supervisor.release();
    for (const process of processes) {
      await process.stop();
      delete process.options.env.TONGBAN_FAILPOINT;
    }
    if (injected === 0) {
      report.skip(
        'no-lost-continuations',
        `the runtime does not call failpoint('after-commit-before-enqueue') / failpoint('after-enqueue-before-mark') from libs/runtime/src/failpoints/failpoint.ts: 0 crashes in ${loadSeconds.toFixed(0)} s of load (${load.acknowledgedCompletions.size} completions)`,
      );
      return;
    }
    await Promise.all(processes.map((process) => process.start()));
    const pending = await load.settle(60_000);
    const total = await load.instanceCount();
    report.check('crashes-injected', injected >= TARGET_CRASHES, `${injected} crashes at the failpoints in ${loadSeconds.toFixed(0)} s (by process: ${perProcess}; by failpoint: ${perFailpoint}); responses: ${load.statusSummary()}`);
    const failed = await failedJobReasons(stack.redis!, stack.env.TONGBAN_QUEUE_PREFIX!, ['continuation']);
    report.check('no-lost-continuations', pending.length === 0 && total > 0, `${total - pending.length}/${total} instances completed after ${injected} crashes; lost: ${pending.length}${failed ? `; BullMQ gave up on: ${failed}` : ''}`);
  } finally {
    await secondWorker.close();
    await stack.close();
  }
});

/** How often each failpoint fired, from the `failpoint <name> fired` lines in the process logs. */
function firedFailpoints(logDir: string): string {
  const counts = new Map<string, number>();
  for (const file of readdirSync(logDir).filter((name) => name.endsWith('.log'))) {
    for (const match of readFileSync(join(logDir, file), 'utf8').matchAll(/failpoint (\S+) fired/g)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} ${n}`).join(', ') || 'none logged';
}
