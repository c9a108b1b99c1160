import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EngineError } from '@tongban/engine';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { returnedRows } from '../control/returned-rows.util';
import { DefinitionService } from '../definitions/definition.service';
import { InstanceSuspendedError, CommandExecutor } from '../instances/command-executor';
import { OUTBOX_JOB_OPTIONS } from '../outbox/outbox-relay';
import { QueueProducer } from '../queues/queue-producer';
import { scheduleStartTimer, timerStartEvents } from './start-timer.schedule';
import { TIMER_TOPIC, timerJobId, type TimerDue } from './timer.topics';

interface TimerRow {
  id: string;
  instance_id: string | null;
  definition_id: string;
  element_id: string;
  element_key: string | null;
  state: string;
  due_at: Date;
  repetitions_left: number | null;
  interval_ms: string | null;
  fired_count: number;
}

/** Why a due job fires nothing: the timer is gone, fired already for this firing, or not due yet. */
class TimerNotDue extends Error {}

/**
 * A due job that arrives this early (another process' clock) waits for the due time; one that
 * arrives earlier still is left to the sweeper, which queues the firing again.
 */
const EARLY_WAIT_MS = 2_000;

/** How far ahead the sweeper puts timers on the queue (as delayed jobs). */
const SWEEP_LOOKAHEAD_MS = 60_000;
const SWEEP_BATCH = 1_000;

/**
 * Timers: fires each firing of a timer once, keeps a job on the queue for every scheduled timer,
 * and schedules timer start events of the latest version of each process.
 */
@Injectable()
export class TimerService {
  private readonly logger = new Logger(TimerService.name);
  private definitionsSeenUntil = new Date(0);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    private readonly producer: QueueProducer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Fire command of one firing. ONE transaction (the instance command's, or the start's):
   * `UPDATE timer SET fired_count = fired_count + 1 … WHERE id AND state = 'scheduled' AND
   * fired_count = firing AND due_at <= now` (now of the clock) — no row means this firing already happened (or the
   * timer was cancelled, or is not due), and nothing is written. Then the engine's `triggerTimer`
   * (an instance's timer; a cycle's next firing comes back as `timer.scheduled` on the same row)
   * or a new instance from the start event (the row itself moves to the next cycle). A suspended
   * instance keeps its timer scheduled until it is resumed.
   */
  async fire(due: TimerDue): Promise<void> {
    const [timer] = (await this.dataSource.query(`SELECT * FROM timer WHERE id = $1`, [due.timerId])) as TimerRow[];
    if (!timer || timer.state !== 'scheduled' || timer.fired_count !== due.firing) return;
    const early = new Date(timer.due_at).getTime() - this.clock.now().getTime();
    if (early > EARLY_WAIT_MS) return;
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    try {
      if (timer.instance_id) await this.fireInstanceTimer(timer);
      else await this.fireStartTimer(timer);
    } catch (error) {
      if (error instanceof TimerNotDue || error instanceof InstanceSuspendedError) return;
      if (error instanceof EngineError && (error.code === 'WAIT_NOT_FOUND' || error.code === 'INSTANCE_NOT_ACTIVE' || error.code === 'WAIT_KIND_MISMATCH')) {
        await this.dataSource.query(`UPDATE timer SET state = 'cancelled', ended_at = $3 WHERE id = $1 AND state = 'scheduled' AND fired_count = $2`, [timer.id, timer.fired_count, this.clock.now()]);
        return;
      }
      throw error;
    }
  }

  private async fireInstanceTimer(timer: TimerRow): Promise<void> {
    await this.executor.execute(timer.instance_id as string, { type: 'triggerTimer', key: timer.element_key as string }, {
      actor: null,
      prepare: async (manager) => {
        const fired = returnedRows(await manager.query(
          `UPDATE timer SET state = 'fired', fired_count = fired_count + 1, fired_at = $3
            WHERE id = $1 AND state = 'scheduled' AND fired_count = $2 AND due_at <= $3::timestamptz + interval '1 second' RETURNING id`,
          [timer.id, timer.fired_count, this.clock.now()],
        ));
        if (fired.length !== 1) throw new TimerNotDue();
      },
    });
  }

  private async fireStartTimer(timer: TimerRow): Promise<void> {
    const definition = await this.definitionSummary(timer.definition_id);
    const repetitionsLeft = timer.repetitions_left;
    const cycles = timer.interval_ms !== null && repetitionsLeft !== null && repetitionsLeft !== 0;
    let next: TimerRow | undefined;
    await this.executor.start({
      definition,
      actor: null,
      startEventId: timer.element_id,
      prepare: async (manager) => {
        const rows = returnedRows<TimerRow>(await manager.query(
          `UPDATE timer SET fired_count = fired_count + 1, fired_at = $4,
                  state = CASE WHEN $3 THEN 'scheduled' ELSE 'fired' END,
                  due_at = CASE WHEN $3 THEN due_at + interval_ms * interval '1 millisecond' ELSE due_at END,
                  repetitions_left = CASE WHEN $3 AND repetitions_left > 0 THEN repetitions_left - 1 ELSE repetitions_left END
            WHERE id = $1 AND state = 'scheduled' AND fired_count = $2 AND due_at <= $4::timestamptz + interval '1 second'
            RETURNING *`,
          [timer.id, timer.fired_count, cycles, this.clock.now()],
        ));
        if (rows.length !== 1) throw new TimerNotDue();
        next = rows[0];
      },
    });
    if (next && next.state === 'scheduled') await this.enqueue(next);
  }

  private async definitionSummary(definitionId: string) {
    const [row] = (await this.dataSource.query(
      `SELECT id, key, version, name, deployment_id AS "deploymentId", resource_name AS "resourceName", created_at AS "createdAt" FROM process_definition WHERE id = $1`,
      [definitionId],
    )) as Awaited<ReturnType<DefinitionService['findForStart']>>[];
    return row;
  }

  /**
   * Puts the due job of the timer's current firing on the queue, delayed until the due time by the
   * clock; an existing job of that firing is kept, and promoted when it is still delayed although
   * the clock has reached the due time (a clock that runs ahead of Redis' time).
   */
  async enqueue(timer: Pick<TimerRow, 'id' | 'fired_count' | 'due_at'>): Promise<void> {
    const queue = this.producer.queue(TIMER_TOPIC);
    const jobId = timerJobId(timer.id, timer.fired_count);
    const delay = Math.max(0, new Date(timer.due_at).getTime() - this.clock.now().getTime());
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed' && delay === 0) await existing.promote().catch(() => undefined);
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove().catch(() => undefined);
    }
    const due: TimerDue = { timerId: timer.id, firing: timer.fired_count };
    await queue.add('timer.due', due, { ...OUTBOX_JOB_OPTIONS, jobId, delay });
  }

  /**
   * Sweep: every scheduled timer due within the lookahead whose instance is not suspended gets its
   * job back on the queue (a lost Redis, a FLUSHALL, a crash before the outbox was relayed).
   */
  async sweep(instanceId?: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.fired_count, t.due_at FROM timer t LEFT JOIN process_instance i ON i.id = t.instance_id
        WHERE t.state = 'scheduled' AND t.due_at <= $4::timestamptz + $1 * interval '1 millisecond'
          AND (t.instance_id IS NULL OR NOT i.suspended) AND ($2::uuid IS NULL OR t.instance_id = $2)
        ORDER BY t.due_at LIMIT $3`,
      [SWEEP_LOOKAHEAD_MS, instanceId ?? null, SWEEP_BATCH, this.clock.now()],
    )) as TimerRow[];
    for (const row of rows) await this.enqueue(row);
    return rows.length;
  }

  /**
   * Timer start events follow the latest version of each process: a newly deployed latest version
   * gets a scheduled timer per timer start event, and scheduled start timers of older versions of
   * the same key are cancelled. Idempotent; every process may run it.
   */
  async reconcileStartTimers(): Promise<void> {
    await this.dataSource.query(
      `UPDATE timer t SET state = 'cancelled', ended_at = $1
        WHERE t.instance_id IS NULL AND t.state = 'scheduled'
          AND EXISTS (SELECT 1 FROM process_definition d JOIN process_definition newer ON newer.key = d.key AND newer.version > d.version WHERE d.id = t.definition_id)`,
      [this.clock.now()],
    );
    // definitions stamped by a clock ahead of this one (another process, a test's clock) do not hide newer ones
    const since = new Date(Math.min(this.definitionsSeenUntil.getTime(), this.clock.now().getTime()) - 60_000);
    const latest = (await this.dataSource.query(
      `SELECT d.id, d.key, d.created_at FROM process_definition d
        WHERE d.created_at > $1 AND d.version = (SELECT max(l.version) FROM process_definition l WHERE l.key = d.key)
          AND EXISTS (SELECT 1 FROM jsonb_each(d.model->'elements') e
                       WHERE e.value->>'type' = 'startEvent' AND e.value->>'scope' = d.key AND e.value->'event'->>'kind' = 'timer')`,
      [since],
    )) as { id: string; key: string; created_at: Date }[];
    const [{ newest }] = (await this.dataSource.query(`SELECT max(created_at) AS newest FROM process_definition`)) as { newest: Date | null }[];
    for (const definition of latest) {
      const model = await this.definitions.model(definition.id);
      const now = this.clock.now();
      const scheduled = await this.dataSource.transaction(async (manager) => {
        const created: TimerRow[] = [];
        for (const el of timerStartEvents(model)) {
          const schedule = scheduleStartTimer(el, now.getTime());
          if (!schedule) {
            this.logger.warn(`timer start event ${el.id} of ${definition.key} has no schedule that can be computed without an instance`);
            continue;
          }
          const rows = (await manager.query(
            `INSERT INTO timer (id, instance_id, definition_id, element_id, element_key, state, due_at, repetitions_left, interval_ms, created_at)
             VALUES ($1, NULL, $2, $3, NULL, 'scheduled', $4, $5, $6, $7)
             ON CONFLICT (definition_id, element_id) WHERE instance_id IS NULL DO NOTHING
             RETURNING id, fired_count, due_at`,
            [randomUUID(), definition.id, el.id, new Date(schedule.dueAt), schedule.repetitionsLeft ?? null, schedule.intervalMs ?? null, now],
          )) as TimerRow[];
          created.push(...rows);
        }
        return created;
      });
      for (const row of scheduled) await this.enqueue(row).catch(() => undefined);
    }
    if (newest && new Date(newest) > this.definitionsSeenUntil) this.definitionsSeenUntil = new Date(newest);
  }
}
