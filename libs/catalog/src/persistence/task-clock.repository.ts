import { andCallerRegion, returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { ClockCase } from './application.repository';
import type { ClockPause, ClockStatus } from '../clocks/case-clock';
import type { WarningLevel } from '../clocks/task-clock';

/** A user task's clock as stored: what it counts, its current due instants and level. */
export interface TaskClockRow {
  task_id: string;
  instance_id: string;
  application_id: string | null;
  item: string | null;
  department: string | null;
  element_id: string;
  started_at: Date;
  limit_days: number | null;
  /** `limit_days` counts hours for `working-hours` and `hours`. */
  limit_unit: 'working' | 'calendar' | 'working-hours' | 'hours' | null;
  scheduled_due_at: Date | null;
  follow_up_at: Date | null;
  due_at: Date | null;
  legal_due_at: Date | null;
  level: ClockStatus;
  level_at: Date | null;
  problem: string | null;
  ended_at: Date | null;
}

/** A task clock with what its view is counted with: its case (absent for a task of no case, or one out of the caller's sight) and the case's pauses in order. */
export interface TaskClockOfCase {
  row: TaskClockRow;
  application: ClockCase | undefined;
  pauses: ClockPause[];
}

/** The case and pause columns of `viewsOf`'s rows (null where the clock has no case, or its case no pause). */
interface CaseColumns {
  case_id: string | null;
  case_item_definitions: ClockCase['itemDefinitions'] | null;
  case_created_at: Date | null;
  case_region: string | null;
  pause_id: string | null;
  pause_item: string | null;
  pause_kind: string | null;
  pause_reason: string | null;
  pause_paused_at: Date | null;
  pause_resumed_at: Date | null;
}

/** One scheduled transition of a task clock. `due_at` null: held while the clock is paused. */
export interface ClockWarningRow {
  id: string;
  task_id: string;
  level: WarningLevel;
  due_at: Date | null;
  state: 'scheduled' | 'fired' | 'cancelled';
  generation: number;
  fired_at: Date | null;
  /** The case's region, where the warning's handler writes. */
  region?: string;
}

/** A position in the walk over the running clocks: the level, due key (text, exact to the µs) and task of the last clock read. */
export interface RunningClockPosition {
  level: string;
  dueKey: string;
  taskId: string;
}

const COLUMNS = 'task_id, instance_id, application_id, item, department, element_id, started_at, limit_days, limit_unit, scheduled_due_at, follow_up_at, due_at, legal_due_at, level, level_at, problem, ended_at';

/** A warning of a clock to insert, or to re-time when its clock has it already (`due_at` null: held). */
export interface ClockWarningToSchedule {
  id: string;
  taskId: string;
  level: WarningLevel;
  dueAt: Date | null;
}

/** A warning inserted or re-timed: what its durable message carries. */
export interface ScheduledClockWarning {
  id: string;
  task_id: string;
  level: WarningLevel;
  generation: number;
}

/**
 * Inserts the warnings of clocks (their tasks, levels and times as arrays $1-$4) or re-times those a
 * clock has already; a warning that fired or was cancelled, or whose time did not change, is left as it is.
 */
const SCHEDULE_WARNINGS = `INSERT INTO clock_warning (region, id, task_id, level, due_at, state, generation)
       SELECT ${ROW_REGION}, v.id, v.task_id, v.level, v.due_at, 'scheduled', 0 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS v(id, task_id, level, due_at)
       ON CONFLICT (task_id, level) DO UPDATE SET due_at = EXCLUDED.due_at, generation = clock_warning.generation + 1
         WHERE clock_warning.state = 'scheduled' AND clock_warning.due_at IS DISTINCT FROM EXCLUDED.due_at
       RETURNING id, task_id, level, generation`;

/** The clocks of new tasks (their columns as arrays $1-$17) and their warnings (`SCHEDULE_WARNINGS`, from $18): one statement. */
const START_CLOCKS = `WITH clocks AS (
         INSERT INTO task_clock (region, ${COLUMNS})
         SELECT ${ROW_REGION}, ${COLUMNS.split(', ').map((c) => `v.${c}`).join(', ')} FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::int[], $9::text[],
                                $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::timestamptz[], $16::text[], $17::timestamptz[])
                AS v(${COLUMNS})
         ON CONFLICT (task_id) DO NOTHING
       )
       ${SCHEDULE_WARNINGS.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + 17}`)}`;

function warningColumns(ws: readonly ClockWarningToSchedule[]): unknown[] {
  return [ws.map((w) => w.id), ws.map((w) => w.taskId), ws.map((w) => w.level), ws.map((w) => w.dueAt)];
}

/** `task_clock` and `clock_warning`: the clocks of user tasks and their scheduled warnings. */
export const taskClocks = {
  /**
   * Starts the clocks of a command's new tasks and schedules their warnings, in ONE statement whatever
   * the number of tasks: the clock rows (a task that has one already keeps it) and every level's warning
   * row. Returns the warnings (re)scheduled, as `scheduleAll` does.
   */
  async start(manager: EntityManager, rows: readonly TaskClockRow[], ws: readonly ClockWarningToSchedule[]): Promise<ScheduledClockWarning[]> {
    if (rows.length === 0) return [];
    const column = <K extends keyof TaskClockRow>(key: K) => rows.map((r) => r[key]);
    return returnedRows<ScheduledClockWarning>(await manager.query(
      START_CLOCKS,
      [
        column('task_id'), column('instance_id'), column('application_id'), column('item'), column('department'), column('element_id'), column('started_at'),
        column('limit_days'), column('limit_unit'), column('scheduled_due_at'), column('follow_up_at'), column('due_at'), column('legal_due_at'), column('level'),
        column('level_at'), column('problem'), column('ended_at'),
        ...warningColumns(ws),
      ],
    ));
  },

  async find(manager: EntityManager, taskId: string, lock = false): Promise<TaskClockRow | undefined> {
    return returnedRows<TaskClockRow>(await manager.query(`SELECT ${COLUMNS} FROM task_clock WHERE task_id = $1${lock ? ' FOR UPDATE' : ''}`, [taskId]))[0];
  },

  /**
   * The clocks of tasks (a task view's, a list page's) with what their views are counted with, in ONE
   * statement: each clock, its case's item definitions and acceptance, and the case's pauses in order
   * (a row per pause, grouped here). In the caller's region when its scope is one region (`andCallerRegion`).
   */
  async viewsOf(manager: EntityManager, taskIds: string[]): Promise<TaskClockOfCase[]> {
    if (taskIds.length === 0) return [];
    const rows = returnedRows<TaskClockRow & CaseColumns>(await manager.query(
      `SELECT ${COLUMNS.split(', ').map((column) => `c.${column}`).join(', ')},
              a.id AS case_id, a.item_definitions AS case_item_definitions, a.created_at AS case_created_at, a.region AS case_region,
              p.id AS pause_id, p.item AS pause_item, p.kind AS pause_kind, p.reason AS pause_reason, p.paused_at AS pause_paused_at, p.resumed_at AS pause_resumed_at
         FROM task_clock c
         LEFT JOIN application a ON a.id = c.application_id${andCallerRegion('a.')}
         LEFT JOIN case_clock_pause p ON p.application_id = c.application_id${andCallerRegion('p.')}
        WHERE c.task_id = ANY($1::uuid[])${andCallerRegion('c.')}
        ORDER BY c.task_id, p.paused_at, p.id`,
      [taskIds]));
    const clocks = new Map<string, TaskClockOfCase>();
    for (const { case_id, case_item_definitions, case_created_at, case_region, pause_id, pause_item, pause_kind, pause_reason, pause_paused_at, pause_resumed_at, ...row } of rows) {
      let clock = clocks.get(row.task_id);
      if (!clock) {
        const application = case_id ? { id: case_id, itemDefinitions: case_item_definitions!, createdAt: case_created_at!, ...(case_region ? { region: case_region } : {}) } : undefined;
        clock = { row, application, pauses: [] };
        clocks.set(row.task_id, clock);
      }
      if (pause_id) clock.pauses.push({ id: pause_id, item: pause_item, kind: pause_kind!, reason: pause_reason!, pausedAt: pause_paused_at!, resumedAt: pause_resumed_at });
    }
    return [...clocks.values()];
  },

  /** The latest promised due instant of a case's task clocks: the end of its critical path. */
  async latestOfApplication(manager: EntityManager, applicationId: string): Promise<{ item: string | null; due_at: Date } | undefined> {
    return returnedRows<{ item: string | null; due_at: Date }>(await manager.query(
      `SELECT item, due_at FROM task_clock WHERE application_id = $1 AND due_at IS NOT NULL ORDER BY due_at DESC LIMIT 1`, [applicationId]))[0];
  },

  /** The running clocks counted per department and level: what the metrics show (one walk of `task_clock_open_due`, a row per group). */
  async runningByLevel(manager: EntityManager): Promise<Array<{ department: string; level: ClockStatus; running: number }>> {
    return returnedRows<{ department: string; level: ClockStatus; running: number }>(await manager.query(
      `SELECT coalesce(department, '') AS department, level, count(*)::int AS running FROM task_clock WHERE ended_at IS NULL GROUP BY 1, 2`));
  },

  /**
   * One batch of the running clocks' tasks in the order of the index `task_clock_open_due` (level, due
   * instant, task), after `after` (the `next` of the previous batch): a walk over every running clock
   * costs the running clocks, however many ended ones are stored.
   */
  async runningBatch(manager: EntityManager, after: RunningClockPosition | undefined, limit: number): Promise<{ taskIds: string[]; next: RunningClockPosition | undefined }> {
    const rows = returnedRows<{ task_id: string; level: string; due_key: string }>(await manager.query(
      `SELECT task_id, level, coalesce(due_at, 'infinity'::timestamptz)::text AS due_key FROM task_clock
        WHERE ended_at IS NULL
          AND ($1::text IS NULL OR (level, coalesce(due_at, 'infinity'::timestamptz), task_id) > ($1::text, $2::text::timestamptz, $3::uuid))
        ORDER BY level, coalesce(due_at, 'infinity'::timestamptz), task_id
        LIMIT $4`,
      [after?.level ?? null, after?.dueKey ?? null, after?.taskId ?? null, limit],
    ));
    const last = rows[rows.length - 1];
    return { taskIds: rows.map((r) => r.task_id), next: rows.length === limit && last ? { level: last.level, dueKey: last.due_key, taskId: last.task_id } : undefined };
  },

  async openOfApplication(manager: EntityManager, applicationId: string): Promise<TaskClockRow[]> {
    return returnedRows<TaskClockRow>(await manager.query(`SELECT ${COLUMNS} FROM task_clock WHERE application_id = $1 AND ended_at IS NULL ORDER BY started_at FOR UPDATE`, [applicationId]));
  },

  async withProblem(manager: EntityManager): Promise<TaskClockRow[]> {
    return returnedRows<TaskClockRow>(await manager.query(`SELECT ${COLUMNS} FROM task_clock WHERE problem IS NOT NULL AND ended_at IS NULL ORDER BY started_at LIMIT 1000`));
  },

  async update(manager: EntityManager, taskId: string, set: Partial<Pick<TaskClockRow, 'due_at' | 'legal_due_at' | 'level' | 'level_at' | 'problem' | 'ended_at' | 'department'>>): Promise<void> {
    const columns = Object.keys(set);
    if (columns.length === 0) return;
    await manager.query(`UPDATE task_clock SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE task_id = $1`, [taskId, ...columns.map((c) => (set as Record<string, unknown>)[c])]);
  },

  async warnings(manager: EntityManager, taskId: string): Promise<ClockWarningRow[]> {
    return returnedRows<ClockWarningRow>(await manager.query(`SELECT id, task_id, level, due_at, state, generation, fired_at FROM clock_warning WHERE task_id = $1 ORDER BY due_at NULLS LAST`, [taskId]));
  },

  async warning(manager: EntityManager, id: string, lock = true): Promise<ClockWarningRow | undefined> {
    return returnedRows<ClockWarningRow>(await manager.query(`SELECT id, task_id, level, due_at, state, generation, fired_at FROM clock_warning WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
  },

  /**
   * Inserts or re-times the warnings of one clock, every level in ONE statement; returns those
   * (re)scheduled, with their level and generation (a warning that fired or was cancelled, or whose
   * time did not change, is left as it is).
   */
  async scheduleAll(manager: EntityManager, taskId: string, ws: readonly { id: string; level: WarningLevel; dueAt: Date | null }[]): Promise<ScheduledClockWarning[]> {
    if (ws.length === 0) return [];
    return returnedRows<ScheduledClockWarning>(await manager.query(SCHEDULE_WARNINGS, warningColumns(ws.map((w) => ({ ...w, taskId })))));
  },

  async markWarning(manager: EntityManager, id: string, state: 'fired' | 'cancelled', at: Date): Promise<void> {
    await manager.query(`UPDATE clock_warning SET state = $2, fired_at = CASE WHEN $2 = 'fired' THEN $3::timestamptz ELSE fired_at END WHERE id = $1 AND state = 'scheduled'`, [id, state, at]);
  },

  /**
   * Ends the running clocks of ended tasks and cancels their scheduled warnings, in ONE statement;
   * returns how many clocks it ended (a task without a clock, or whose clock ended already, counts none).
   */
  async endMany(manager: EntityManager, ended: readonly { taskId: string; endedAt: Date }[]): Promise<number> {
    const rows = returnedRows<{ ended: number }>(await manager.query(
      `WITH ended AS (
         UPDATE task_clock c SET ended_at = v.ended_at FROM unnest($1::uuid[], $2::timestamptz[]) AS v(task_id, ended_at)
          WHERE c.task_id = v.task_id AND c.ended_at IS NULL
         RETURNING c.task_id
       ), cancelled AS (
         UPDATE clock_warning w SET state = 'cancelled' WHERE w.task_id = ANY($1::uuid[]) AND w.state = 'scheduled' RETURNING w.id
       )
       SELECT (SELECT count(*) FROM ended)::int AS ended, (SELECT count(*) FROM cancelled)::int AS cancelled`,
      [ended.map((e) => e.taskId), ended.map((e) => e.endedAt)],
    ));
    return rows[0]?.ended ?? 0;
  },

  /** Moves the running clocks of transferred tasks to their tasks' departments. */
  async followDepartments(manager: EntityManager, tasks: readonly { taskId: string; department: string | null }[]): Promise<void> {
    await manager.query(
      `UPDATE task_clock c SET department = v.department FROM unnest($1::uuid[], $2::text[]) AS v(task_id, department) WHERE c.task_id = v.task_id AND c.ended_at IS NULL AND c.department IS DISTINCT FROM v.department`,
      [tasks.map((t) => t.taskId), tasks.map((t) => t.department)],
    );
  },

  async cancelWarnings(manager: EntityManager, taskId: string): Promise<void> {
    await manager.query(`UPDATE clock_warning SET state = 'cancelled' WHERE task_id = $1 AND state = 'scheduled'`, [taskId]);
  },

  /** Scheduled warnings due by `until`, oldest first: the sweep puts their jobs back on the queue. */
  async dueBy(manager: EntityManager, until: Date, limit: number, instanceIds?: string[]): Promise<ClockWarningRow[]> {
    return returnedRows<ClockWarningRow>(await manager.query(
      `SELECT w.id, w.task_id, w.level, w.due_at, w.state, w.generation, w.fired_at, w.region FROM clock_warning w
        WHERE w.state = 'scheduled' AND w.due_at IS NOT NULL AND w.due_at <= $1
          AND ($3::uuid[] IS NULL OR EXISTS (SELECT 1 FROM task_clock c WHERE c.task_id = w.task_id AND c.instance_id = ANY($3::uuid[])))
        ORDER BY w.due_at LIMIT $2`, [until, limit, instanceIds ?? null]));
  },
};
