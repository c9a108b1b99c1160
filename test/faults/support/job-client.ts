import { asIntegrator, isOk, type RestClient } from './rest-client';
import { sleep } from './wait';

/** A job as `POST /api/v1/jobs/activate` hands it out (Camunda 8 names, with Tongban's alternatives). */
export interface ActivatedJob {
  id?: string;
  key?: string;
  type?: string;
  elementId?: string;
  processInstanceId?: string;
  processInstanceKey?: string;
  instanceId?: string;
  retries?: number;
}

export function jobIdOf(job: ActivatedJob): string {
  return String(job.id ?? job.key);
}

/** The effect a job stands for: one element of one instance. Two jobs for it are a redelivery. */
export function effectKeyOf(job: ActivatedJob): string {
  return `${job.processInstanceId ?? job.processInstanceKey ?? job.instanceId}/${job.elementId}`;
}

export function jobsOf(body: any): ActivatedJob[] {
  const list = Array.isArray(body) ? body : body?.jobs ?? body?.items;
  return Array.isArray(list) ? list : [];
}

/**
 * A department's system consuming its job queue over REST: activates jobs of one type, applies each
 * job's effect once per effect key it completes, and counts what a fault did to the deliveries.
 */
export class RestJobWorker {
  readonly activations = new Map<string, number>();
  readonly effects = new Map<string, number>();
  activated = 0;
  completed = 0;
  completionErrors = new Map<number, number>();
  /** Jobs per second this worker may complete; Infinity for as fast as it can. */
  rate = Infinity;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private nextSlot = 0;

  constructor(private readonly client: RestClient, readonly type: string, private readonly options: { pollers?: number; maxJobs?: number; timeoutMs?: number } = {}) {}

  start(): this {
    this.loops = Array.from({ length: this.options.pollers ?? 4 }, (_, i) => this.poll(`faults-${i}`));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** Activations beyond the first for the same effect key. */
  get redeliveries(): number {
    let extra = 0;
    for (const n of this.activations.values()) extra += n - 1;
    return extra;
  }

  /** Effect keys completed with 2xx more than once. */
  get duplicatedEffects(): number {
    return [...this.effects.values()].filter((n) => n > 1).length;
  }

  private async poll(workerId: string): Promise<void> {
    while (!this.stopped) {
      const res = await this.client.post('/api/v1/jobs/activate', asIntegrator, { type: this.type, maxJobs: this.options.maxJobs ?? 10, workerId, timeout: this.options.timeoutMs ?? 10_000 });
      const jobs = isOk(res.status) ? jobsOf(res.body) : [];
      if (jobs.length === 0) {
        await sleep(isOk(res.status) ? 50 : 200);
        continue;
      }
      this.activated += jobs.length;
      for (const job of jobs) {
        const key = effectKeyOf(job);
        this.activations.set(key, (this.activations.get(key) ?? 0) + 1);
      }
      for (const job of jobs) {
        await this.pace();
        const done = await this.client.post(`/api/v1/jobs/${jobIdOf(job)}/complete`, asIntegrator, { variables: { [`${job.elementId ?? 'job'}Result`]: 'ok' } });
        if (isOk(done.status)) {
          this.completed++;
          const key = effectKeyOf(job);
          this.effects.set(key, (this.effects.get(key) ?? 0) + 1);
        } else {
          this.completionErrors.set(done.status, (this.completionErrors.get(done.status) ?? 0) + 1);
        }
      }
    }
  }

  private async pace(): Promise<void> {
    if (!Number.isFinite(this.rate)) return;
    const now = performance.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rate;
    if (slot > now) await sleep(slot - now);
  }
}
