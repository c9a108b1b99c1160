import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { DefinitionSummary } from '../definitions/definition.service';

/** A `timer` row as stored: an instance's timer, or a start event's (no instance). */
export interface TimerRow {
  id: string;
  instance_id: string | null;
  /** The distribution column: the region of the timer's instance (or of its definition's start event). */
  region: string;
  definition_id: string;
  element_id: string;
  element_key: string | null;
  state: string;
  due_at: Date;
  repetitions_left: number | null;
  interval_ms: string | null;
  fired_count: number;
}

/** A due job may be this early by the clock and still fire (the processes' clocks differ a little). */
const DUE_TOLERANCE = `interval '1 second'`;

/** The `timer` rows, as the fire-timer command reads and moves them on. */
export const timers = {
  /** A timer by id: its job runs as the system, which learns the timer's region from the row (a multi-shard read by id). */
  async read(manager: EntityManager, id: string): Promise<TimerRow | undefined> {
    const [row] = (await manager.query(`SELECT * FROM timer WHERE id = $1`, [id])) as TimerRow[];
    return row;
  },

  /** Marks an instance's timer fired for the firing it was read at, once it is due; false when that firing happened already, or it was cancelled, or it is not due. */
  async markFired(manager: EntityManager, timer: TimerRow, now: Date): Promise<boolean> {
    return returnedRows(await manager.query(
      `UPDATE timer SET state = 'fired', fired_count = fired_count + 1, fired_at = $3
        WHERE id = $1 AND region = $4 AND state = 'scheduled' AND fired_count = $2 AND due_at <= $3::timestamptz + ${DUE_TOLERANCE} RETURNING id`,
      [timer.id, timer.fired_count, now, timer.region],
    )).length === 1;
  },

  /**
   * Moves a start event's timer on from the firing it was read at, once it is due: to its next cycle
   * when it `cycles`, else fired. Undefined when that firing happened already, or it is not due.
   */
  async advanceStartTimer(manager: EntityManager, timer: TimerRow, cycles: boolean, now: Date): Promise<TimerRow | undefined> {
    const [row] = returnedRows<TimerRow>(await manager.query(
      `UPDATE timer SET fired_count = fired_count + 1, fired_at = $4,
              state = CASE WHEN $3 THEN 'scheduled' ELSE 'fired' END,
              due_at = CASE WHEN $3 THEN due_at + interval_ms * interval '1 millisecond' ELSE due_at END,
              repetitions_left = CASE WHEN $3 AND repetitions_left > 0 THEN repetitions_left - 1 ELSE repetitions_left END
        WHERE id = $1 AND region = $5 AND state = 'scheduled' AND fired_count = $2 AND due_at <= $4::timestamptz + ${DUE_TOLERANCE}
        RETURNING *`,
      [timer.id, timer.fired_count, cycles, now, timer.region],
    ));
    return row;
  },

  /** Cancels the timer at the firing it was read at (its wait is gone). */
  async cancelFiring(manager: EntityManager, timer: TimerRow, now: Date): Promise<void> {
    await manager.query(`UPDATE timer SET state = 'cancelled', ended_at = $3 WHERE id = $1 AND region = $4 AND state = 'scheduled' AND fired_count = $2`, [timer.id, timer.fired_count, now, timer.region]);
  },

  /** The definition a start event's timer starts. */
  async definitionOf(manager: EntityManager, timer: TimerRow): Promise<DefinitionSummary | undefined> {
    const [row] = (await manager.query(
      `SELECT id, key, version, name, deployment_id AS "deploymentId", resource_name AS "resourceName", created_at AS "createdAt" FROM process_definition WHERE id = $1`,
      [timer.definition_id],
    )) as DefinitionSummary[];
    return row;
  },
};
