import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError, type Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { returnedRows } from '../control/returned-rows.util';
import { DomainError, NotFoundError } from '../errors/domain.error';
import { CommandExecutor, InstanceSuspendedError, type ExecuteOptions } from '../instances/command-executor';
import { jobTopic } from '../outbox/outbox.topics';
import { QueueProducer } from '../queues/queue-producer';
import { jobQueueJobId, type JobResult, type JobState } from './job.types';

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

interface JobRow {
  id: string;
  instance_id: string;
  process_key: string;
  element_id: string;
  element_key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string | null;
  deadline: Date | null;
  variables: Record<string, unknown>;
  custom_headers: Record<string, string> | null;
  error_message: string | null;
  error_code: string | null;
  created_at: Date;
  ended_at: Date | null;
}

interface ResultOptions {
  /** The result came from the job's own queue message, which its worker acknowledges itself. */
  fromQueue?: boolean;
}

/** The job's instance is suspended: the result is retried later rather than dropped. */
export class SuspendedJobError extends Error {
  readonly retryable = true;
}

const OPEN_STATES = `('activatable', 'activated')`;

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

/** System-task jobs: activation, completion, failure and BPMN errors, over REST and from department workers. */
@Injectable()
export class JobService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Activate command. ONE transaction: up to `maxJobs` activatable jobs of the type whose instance
   * is not suspended and whose retry backoff has passed, oldest first, locked with
   * `FOR UPDATE SKIP LOCKED` (workers activating at once get disjoint jobs), set `activated` with
   * the worker and the deadline now + timeout. A job not completed by its deadline is handed out
   * again by the next activation (and made activatable by the timeout sweep). Availability
   * (`available_at`, set from the clock) is compared with the clock; the activation deadline is a
   * lease between worker processes and stays on the database's wall clock.
   */
  async activate(input: { type: string; maxJobs: number; workerId: string; timeout: number }): Promise<ActivatedJob[]> {
    const rows = (await this.dataSource.query(
      `UPDATE job SET state = 'activated', worker = $3, deadline = now() + $4 * interval '1 millisecond', activated_at = now(), activation_count = activation_count + 1
        WHERE id IN (SELECT j.id FROM job j JOIN process_instance i ON i.id = j.instance_id
                      WHERE j.type = $1 AND NOT i.suspended
                        AND ((j.state = 'activatable' AND j.available_at <= $5) OR (j.state = 'activated' AND j.deadline < now()))
                      ORDER BY j.available_at, j.created_at LIMIT $2 FOR UPDATE OF j SKIP LOCKED)
        RETURNING *`,
      [input.type, input.maxJobs, input.workerId, input.timeout, this.clock.now()],
    )) as unknown;
    return returnedRows<JobRow>(rows).map(activatedOf);
  }

  async get(id: string): Promise<JobView> {
    return viewOf(await this.load(id));
  }

  async list(filter: { processInstanceId?: string; type?: string; state?: JobState; offset: number; limit: number }): Promise<{ items: JobView[]; total: number }> {
    const where = `($1::uuid IS NULL OR instance_id = $1) AND ($2::text IS NULL OR type = $2) AND ($3::text IS NULL OR state = $3)`;
    const params = [filter.processInstanceId ?? null, filter.type ?? null, filter.state ?? null];
    const rows = (await this.dataSource.query(`SELECT * FROM job WHERE ${where} ORDER BY created_at, id OFFSET $4 LIMIT $5`, [...params, filter.offset, filter.limit])) as JobRow[];
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM job WHERE ${where}`, params)) as { count: number }[];
    return { items: rows.map(viewOf), total: count };
  }

  /**
   * Complete command. ONE transaction: `UPDATE job SET state = 'completed' WHERE id AND state IN
   * (activatable, activated)` — no row (completed, failed or withdrawn already) → 409
   * JOB_NOT_ACTIVE and nothing is written — then the engine's `completeJob` with the variables.
   */
  async complete(id: string, variables: Variables | undefined, actor: string | null, options: ResultOptions = {}): Promise<JobView> {
    const job = await this.load(id);
    const endedAt = this.clock.now();
    await this.run(job, { type: 'completeJob', key: job.element_key, variables }, actor, (manager) =>
      this.transition(manager, job, `state = 'completed', ended_at = $2, deadline = NULL`, [endedAt]),
    );
    if (!options.fromQueue) await this.withdrawFromQueue([job]);
    return viewOf({ ...job, state: 'completed', ended_at: endedAt, deadline: null });
  }

  /**
   * Fail command. With retries left, ONE statement makes the job activatable again after the
   * backoff (`available_at`), with the retries the worker reports. With none left, ONE transaction
   * marks the job failed and runs the engine's `failJob`: an incident on the element, resolved by an
   * operator (`POST /incidents/:id/resolve {retries}`).
   */
  async fail(id: string, input: { errorMessage: string; retries: number; retryBackoff?: number }, actor: string | null, options: ResultOptions = {}): Promise<JobView> {
    const job = await this.load(id);
    if (input.retries > 0) {
      const rows = returnedRows(await this.dataSource.query(
        `UPDATE job SET state = 'activatable', retries = $2, error_message = $3, worker = NULL, deadline = NULL,
                available_at = $5::timestamptz + $4 * interval '1 millisecond'
          WHERE id = $1 AND state IN ${OPEN_STATES} RETURNING id`,
        [id, input.retries, input.errorMessage, Math.max(0, input.retryBackoff ?? 0), this.clock.now()],
      ));
      if (rows.length !== 1) throw this.notActive(job);
      return this.get(id);
    }
    await this.run(job, { type: 'failJob', key: job.element_key, errorMessage: input.errorMessage }, actor, (manager) =>
      this.transition(manager, job, `state = 'failed', retries = 0, error_message = $2, ended_at = $3, deadline = NULL`, [input.errorMessage, this.clock.now()]),
    );
    if (!options.fromQueue) await this.withdrawFromQueue([job]);
    return this.get(id);
  }

  /**
   * Throw-error command. ONE transaction: the job marked failed with the error code, then the
   * engine's `throwError` — caught by the nearest matching error boundary or event subprocess, or an
   * incident when nothing catches it. Refused while the instance is suspended.
   */
  async throwError(id: string, input: { errorCode: string; errorMessage?: string; variables?: Variables }, actor: string | null, options: ResultOptions = {}): Promise<JobView> {
    const job = await this.load(id);
    await this.run(job, { type: 'throwError', key: job.element_key, errorCode: input.errorCode, errorMessage: input.errorMessage, variables: input.variables }, actor, async (manager, instance) => {
      if (instance.suspended) throw new InstanceSuspendedError(job.instance_id);
      await this.transition(manager, job, `state = 'failed', error_code = $2, error_message = $3, ended_at = $4, deadline = NULL`, [input.errorCode, input.errorMessage ?? null, this.clock.now()]);
    });
    if (!options.fromQueue) await this.withdrawFromQueue([job]);
    return this.get(id);
  }

  /**
   * A result reported by a department's worker on the results queue: applied as the REST command
   * would be, once — a job that is no longer activatable or activated (completed over REST, failed,
   * withdrawn) ignores it. A result for a suspended instance is retried with backoff (BullMQ
   * attempts) and lands once the instance is resumed.
   */
  async applyResult(result: JobResult): Promise<void> {
    const actor = result.workerId ? `worker:${result.workerId}` : null;
    try {
      const options = { fromQueue: true };
      if (result.outcome === 'completed') await this.complete(result.jobId, result.variables, actor, options);
      else if (result.outcome === 'error') await this.throwError(result.jobId, result, actor, options);
      else await this.fail(result.jobId, { errorMessage: result.errorMessage, retries: 0 }, actor, options);
    } catch (error) {
      if (error instanceof InstanceSuspendedError) throw new SuspendedJobError(error.message);
      if (error instanceof DomainError && (error.code === 'JOB_NOT_ACTIVE' || error.code === 'NOT_FOUND')) return;
      if (error instanceof EngineError) return;
      throw error;
    }
  }

  /**
   * Takes the messages of ended jobs off their types' queues, so a type served over REST only does
   * not pile them up in Redis. Best effort: a message a department worker holds stays, and its
   * result is ignored.
   */
  async withdrawFromQueue(jobs: Pick<JobRow, 'id' | 'type'>[]): Promise<void> {
    await Promise.all(jobs.map((job) => this.producer.queue(jobTopic(job.type)).remove(jobQueueJobId(job.id)).catch(() => 0)));
  }

  /** Timeout sweep: activated jobs past their deadline are activatable again (a lease: the database's wall clock). */
  async releaseExpired(): Promise<number> {
    const rows = returnedRows(await this.dataSource.query(
      `UPDATE job SET state = 'activatable', worker = NULL, deadline = NULL WHERE state = 'activated' AND deadline < now() RETURNING id`,
    ));
    return rows.length;
  }

  private async run(job: JobRow, command: Parameters<CommandExecutor['execute']>[1], actor: string | null, prepare: NonNullable<ExecuteOptions['prepare']>): Promise<void> {
    try {
      await this.executor.execute(job.instance_id, command, { actor, prepare });
    } catch (error) {
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE')) throw this.notActive(job);
      throw error;
    }
  }

  private async transition(manager: EntityManager, job: JobRow, set: string, params: unknown[] = []): Promise<void> {
    const rows = returnedRows(await manager.query(`UPDATE job SET ${set} WHERE id = $1 AND state IN ${OPEN_STATES} RETURNING id`, [job.id, ...params]));
    if (rows.length !== 1) throw this.notActive(job);
  }

  private notActive(job: JobRow): DomainError {
    return new DomainError('JOB_NOT_ACTIVE', `Job ${job.id} is no longer active`, { jobId: job.id });
  }

  private async load(id: string): Promise<JobRow> {
    const [row] = (await this.dataSource.query(`SELECT * FROM job WHERE id = $1`, [id])) as JobRow[];
    if (!row) throw new NotFoundError('Job', id);
    return row;
  }
}
