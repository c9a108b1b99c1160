import { isOk, type RestClient } from '../../test/faults/support/rest-client';
import { sleep } from '../../test/faults/support/wait';
import { completeTask, openTasks, startInstance } from '../../test/faults/support/workflow-driver';

/** What one phase of load observed. */
export class LoadRecorder {
  completionMs: number[] = [];
  /** When each completion's request was sent (epoch ms), in the order of `completionMs`. */
  completionAt: number[] = [];
  startMs: number[] = [];
  completions = 0;
  bundles = 0;
  errors = 0;
  conflicts = 0;
  instanceIds: string[] = [];
  private recording = true;

  stop(): void {
    this.recording = false;
  }

  /** Told of every completion recorded, with the count so far. */
  onCompleted?: (completions: number) => void;

  completed(ms: number): void {
    if (!this.recording) return;
    this.completions++;
    this.completionMs.push(ms);
    this.completionAt.push(Date.now() - ms);
    this.onCompleted?.(this.completions);
    this.completionAt.push(Date.now() - ms);
  }

  started(ms: number, id: string): void {
    this.instanceIds.push(id);
    if (!this.recording) return;
    this.startMs.push(ms);
  }

  bundleDone(): void {
    if (this.recording) this.bundles++;
  }
}

/**
 * One applicant's bundle over REST, as a portal and five clerks would drive it: start, read the
 * open tasks, then each department's clerk completes its task (one after another).
 */
export async function runBundle(client: RestClient, processKey: string, departments: number, recorder: LoadRecorder): Promise<void> {
  const started = await startInstance(client, processKey, { applicant: { name: '张三' }, bundle: 'five-department' });
  if (!isOk(started.status)) {
    recorder.errors++;
    return;
  }
  recorder.started(started.ms, started.body.id);
  const tasks = await openTasks(client, started.body.id, departments);
  for (const task of tasks) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await completeTask(client, task, { approved: true });
      if (isOk(res.status)) {
        recorder.completed(res.ms);
        break;
      }
      if (res.status === 409) recorder.conflicts++;
      else recorder.errors++;
      await sleep(5);
    }
  }
  recorder.bundleDone();
}

/**
 * Closed loop: `clients` virtual users each run bundles back to back for `seconds`, or until `until` (asked
 * after every completion, with the completions so far) says so.
 */
export async function closedLoop(client: RestClient, processKey: string, departments: number, clients: number, seconds: number, until?: (completions: number) => boolean): Promise<{ recorder: LoadRecorder; elapsed: number }> {
  const recorder = new LoadRecorder();
  let stopAt = performance.now() + seconds * 1000;
  if (until) recorder.onCompleted = (completions) => {
    if (until(completions)) stopAt = 0;
  };
  const began = performance.now();
  let elapsed = 0;
  const timer = setTimeout(() => {
    recorder.stop();
    elapsed = (performance.now() - began) / 1000;
  }, seconds * 1000);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) await runBundle(client, processKey, departments, recorder);
    }),
  );
  clearTimeout(timer);
  return { recorder, elapsed: elapsed || (performance.now() - began) / 1000 };
}

/**
 * Open loop: bundles arrive at `bundlesPerSecond` on a fixed schedule whatever the latency, for
 * `seconds`; each arrival runs its bundle on its own. Waits for the stragglers (bounded).
 */
export async function openLoop(client: RestClient, processKey: string, departments: number, bundlesPerSecond: number, seconds: number): Promise<{ recorder: LoadRecorder; elapsed: number; maxInFlight: number }> {
  const recorder = new LoadRecorder();
  const interval = 1000 / bundlesPerSecond;
  const began = performance.now();
  const running = new Set<Promise<void>>();
  let maxInFlight = 0;
  for (let i = 0; ; i++) {
    const due = began + i * interval;
    if (due - began >= seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const bundle = runBundle(client, processKey, departments, recorder).finally(() => running.delete(bundle));
    running.add(bundle);
    maxInFlight = Math.max(maxInFlight, running.size);
  }
  const elapsed = (performance.now() - began) / 1000;
  await Promise.race([Promise.all(running), sleep(30_000)]);
  return { recorder, elapsed: Math.max(elapsed, (performance.now() - began) / 1000), maxInFlight };
}
