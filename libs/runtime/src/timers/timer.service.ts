import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { FireTimerCommand } from '../commands/fire-timer.command';
import { DefinitionService } from '../definitions/definition.service';
import type { TimerRow } from '../persistence/timer.repository';
import { scheduleStartTimer, timerStartEvents } from './start-timer.schedule';
import { TimerQueue } from './timer-queue';
import type { TimerDue } from './timer.topics';

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
    private readonly fireTimer: FireTimerCommand,
    private readonly queue: TimerQueue,
    private readonly definitions: DefinitionService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** See `FireTimerCommand`. */
  fire(due: TimerDue): Promise<void> {
    return this.fireTimer.run(due);
  }

  /** See `TimerQueue.enqueue`. */
  enqueue(timer: Pick<TimerRow, 'id' | 'fired_count' | 'due_at'>): Promise<void> {
    return this.queue.enqueue(timer);
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
            // the timer of a start event is in its definition's region, where the instances it starts go (`instances.actInRegionOfNew`)
            `INSERT INTO timer (region, id, instance_id, definition_id, element_id, element_key, state, due_at, repetitions_left, interval_ms, created_at)
             VALUES ((SELECT region FROM process_definition WHERE id = $2), $1, NULL, $2, $3, NULL, 'scheduled', $4, $5, $6, $7)
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
