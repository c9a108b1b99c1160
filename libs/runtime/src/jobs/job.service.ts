import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import { NotFoundError } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { ApplyJobResultCommand } from '../commands/apply-job-result.command';
import { CompleteJobCommand, type JobResultSource } from '../commands/complete-job.command';
import { FailJobCommand, type JobFailure } from '../commands/fail-job.command';
import { ThrowJobErrorCommand, type JobBpmnError } from '../commands/throw-job-error.command';
import { returnedRows } from '../control/returned-rows.util';
import { jobVisibilitySql, type JobVisibility } from '../access/job-visibility';
import { jobs, type JobRow } from '../persistence/job.repository';
import { JobAvailability } from './job-availability';
import { JobQueueWithdrawal } from './job-queue.withdrawal';
import type { JobResult, JobState } from './job.types';

export { SuspendedJobError } from '../commands/apply-job-result.command';

export interface ActivatedJob {
  id: string;
  /** Camunda 8 name of the id. */
  jobKey: string;
  type: string;
  processInstanceId: string;
  /** Camunda 8 name of the process instance id. */
  processInstanceKey: string;
  processKey: string;
  elementId: string;
  retries: number;
  worker: string | null;
  deadline: Date | null;
  variables: Record<string, unknown>;
  customHeaders: Record<string, string>;
}

export interface JobView extends ActivatedJob {
  state: JobState;
  errorMessage: string | null;
  errorCode: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

function activatedOf(row: JobRow): ActivatedJob {
  return {
    id: row.id,
    jobKey: row.id,
    type: row.type,
    processInstanceId: row.instance_id,
    processInstanceKey: row.instance_id,
    processKey: row.process_key,
    elementId: row.element_id,
    retries: row.retries,
    worker: row.worker,
    deadline: row.deadline,
    variables: row.variables,
    customHeaders: row.custom_headers ?? {},
  };
}

function viewOf(row: JobRow): JobView {
  return { ...activatedOf(row), state: row.state, errorMessage: row.error_message, errorCode: row.error_code, createdAt: row.created_at, endedAt: row.ended_at };
}

/** What a worker asks for when it activates jobs; `visibility` narrows them to an integrator's. */
export interface ActivationRequest {
  type: string;
  maxJobs: number;
  workerId: string;
  timeout: number;
  requestTimeout?: number;
  visibility?: JobVisibility;
}

/** System-task jobs: activation and reads; completion, failure and BPMN errors are commands of their own. */
@Injectable()
export class JobService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly completeJob: CompleteJobCommand,
    private readonly failJob: FailJobCommand,
    private readonly throwJobError: ThrowJobErrorCommand,
    private readonly applyJobResult: ApplyJobResultCommand,
    private readonly withdrawal: JobQueueWithdrawal,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly availability: JobAvailability,
  ) {}

  /**
   * Long-polling activation (Camunda 8's `requestTimeout`): activates at once when jobs are there;
   * otherwise waits until jobs of the type are published (woken by `JobAvailability`, never by
   * polling the table) and tries again, answering an empty list once `requestTimeout` ms have passed.
   * The wait is transport time, measured on the monotonic clock, not the case clock. `signal` (the
   * caller hung up) and shutdown end the wait with an empty list: no job is activated for nobody.
   */
  async activateWaiting(input: ActivationRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    if (!input.requestTimeout) return this.activate(input);
    const until = performance.now() + input.requestTimeout;
    const watch = await this.availability.watch(input.type, signal);
    try {
      for (;;) {
        if (signal?.aborted || this.availability.closing) return [];
        const jobs = await this.activate(input);
        const remaining = until - performance.now();
        if (jobs.length > 0 || remaining <= 0) return jobs;
        await watch.wait(remaining);
      }
    } finally {
      watch.close();
    }
  }

  /**
   * Activate command. ONE transaction: up to `maxJobs` activatable jobs of the type whose instance
   * is not suspended and whose retry backoff has passed, oldest first, locked with
   * `FOR UPDATE SKIP LOCKED` (workers activating at once get disjoint jobs), set `activated` with
   * the worker and the deadline now + timeout. A job not completed by its deadline is handed out
   * again by the next activation (and made activatable by the timeout sweep). Availability
   * (`available_at`, set from the clock) is compared with the clock; the activation deadline is a
   * lease between worker processes and stays on the database's wall clock. With `visibility`, only
   * the jobs the integrator may see are handed out.
   */
  async activate(input: ActivationRequest): Promise<ActivatedJob[]> {
    const visible = jobVisibilitySql(input.visibility, 'j', 'i', 6);
    const rows = (await this.dataSource.query(
      `UPDATE job SET state = 'activated', worker = $3, deadline = now() + $4 * interval '1 millisecond', activated_at = now(), activation_count = activation_count + 1
        WHERE id IN (SELECT j.id FROM job j JOIN process_instance i ON i.id = j.instance_id
                      WHERE j.type = $1 AND NOT i.suspended
                        AND ((j.state = 'activatable' AND j.available_at <= $5) OR (j.state = 'activated' AND j.deadline < now()))
                        ${visible.sql}
                      ORDER BY j.available_at, j.created_at LIMIT $2 FOR UPDATE OF j SKIP LOCKED)
        RETURNING *`,
      [input.type, input.maxJobs, input.workerId, input.timeout, this.clock.now(), ...visible.params],
    )) as unknown;
    return returnedRows<JobRow>(rows).map(activatedOf);
  }

  /** One job; 404 `NOT_FOUND` also for a job the integrator may not see (`visibility`), as if it did not exist. */
  async get(id: string, visibility?: JobVisibility): Promise<JobView> {
    const row = await this.load(id);
    if (visibility && !(await this.visible(id, visibility))) throw new NotFoundError('Job', id);
    return viewOf(row);
  }

  /** Jobs by instance, type and state, oldest first; with `visibility`, only those the integrator may see. */
  async list(filter: { processInstanceId?: string; type?: string; state?: JobState; offset: number; limit: number }, visibility?: JobVisibility): Promise<{ items: JobView[]; total: number }> {
    const visible = jobVisibilitySql(visibility, 'j', 'i', 4);
    const where = `($1::uuid IS NULL OR j.instance_id = $1) AND ($2::text IS NULL OR j.type = $2) AND ($3::text IS NULL OR j.state = $3) ${visible.sql}`;
    const from = `job j${visibility ? ' JOIN process_instance i ON i.id = j.instance_id' : ''}`;
    const params = [filter.processInstanceId ?? null, filter.type ?? null, filter.state ?? null, ...visible.params];
    const at = params.length;
    const rows = (await this.dataSource.query(`SELECT j.* FROM ${from} WHERE ${where} ORDER BY j.created_at, j.id OFFSET $${at + 1} LIMIT $${at + 2}`, [...params, filter.offset, filter.limit])) as JobRow[];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM ${from} WHERE ${where}`, params)) as { count: number }[];
    return { items: rows.map(viewOf), total: count };
  }

  /** See `CompleteJobCommand`. */
  async complete(id: string, variables: Variables | undefined, actor: string | null, source: JobResultSource = {}): Promise<JobView> {
    return viewOf(await this.completeJob.run(id, variables, actor, source));
  }

  /** See `FailJobCommand`. */
  async fail(id: string, failure: JobFailure, actor: string | null, source: JobResultSource = {}): Promise<JobView> {
    await this.failJob.run(id, failure, actor, source);
    return this.get(id);
  }

  /** See `ThrowJobErrorCommand`. */
  async throwError(id: string, error: JobBpmnError, actor: string | null, source: JobResultSource = {}): Promise<JobView> {
    await this.throwJobError.run(id, error, actor, source);
    return this.get(id);
  }

  /** See `ApplyJobResultCommand`. */
  applyResult(result: JobResult): Promise<void> {
    return this.applyJobResult.run(result);
  }

  /** See `ApplyJobResultCommand.runAll`. */
  applyResults(results: readonly JobResult[]): Promise<PromiseSettledResult<void>[]> {
    return this.applyJobResult.runAll(results);
  }

  /** Takes the messages of ended jobs off their types' queues (see `JobQueueWithdrawal`). */
  withdrawFromQueue(ended: { id: string; type: string }[]): Promise<void> {
    return this.withdrawal.withdraw(ended);
  }

  /** Timeout sweep: activated jobs past their deadline are activatable again (a lease: the database's wall clock). */
  async releaseExpired(): Promise<number> {
    const rows = returnedRows(await this.dataSource.query(
      `UPDATE job SET state = 'activatable', worker = NULL, deadline = NULL WHERE state = 'activated' AND deadline < now() RETURNING id`,
    ));
    return rows.length;
  }

  private async visible(id: string, visibility: JobVisibility): Promise<boolean> {
    const visible = jobVisibilitySql(visibility, 'j', 'i', 2);
    const rows = returnedRows(await this.dataSource.query(`SELECT 1 FROM job j JOIN process_instance i ON i.id = j.instance_id WHERE j.id = $1 ${visible.sql}`, [id, ...visible.params]));
    return rows.length === 1;
  }

  private async load(id: string): Promise<JobRow> {
    const row = await jobs.read(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Job', id);
    return row;
  }
}
