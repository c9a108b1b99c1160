import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { ClockStatus } from '../clocks/case-clock';

/** A case as the supervision list shows it: its worst running task clock and the earliest due instant. */
export interface SupervisedCaseRow {
  application_id: string | null;
  instance_id: string;
  status: Exclude<ClockStatus, 'normal'>;
  due_at: Date | null;
  legal_due_at: Date | null;
  departments: string[];
  items: string[];
  task_ids: string[];
}

/** A task clock as the statistics count it. */
export interface StatClockRow {
  task_id: string;
  application_id: string | null;
  item: string | null;
  department: string | null;
  started_at: Date;
  due_at: Date | null;
  ended_at: Date | null;
  level: ClockStatus;
}

/** A supervisor's directive (督办) and the department's reply. */
export interface DirectiveRow {
  id: string;
  application_id: string;
  department: string;
  comment: string;
  reply_within_days: number;
  /** Null while the reply time is not counted (`due_problem` says why). */
  due_at: Date | null;
  due_problem: string | null;
  created_by: string;
  created_at: Date;
  reply: string | null;
  replied_by: string | null;
  replied_at: Date | null;
}

/** The warned levels, worst first: the order of the supervision list. */
const CASE_LEVELS = ['overdue', 'red', 'yellow'] as const;

/**
 * The supervision list counts the cases of at most this many running clocks: beyond, `total` is a
 * lower bound and `totalExact` false (a supervisor reads "1,000 or more"; the count stays a short
 * index-only walk however many cases are warned).
 */
export const SUPERVISION_COUNT_BOUND = 1_000;

/** A position in the supervision list: the level, due instant (µs since the epoch, or `none`) and task id of a case's first clock. */
export interface SupervisionCursor {
  level: (typeof CASE_LEVELS)[number];
  dueMicros: string;
  taskId: string;
}

/** The first clock of a case in the list's order. */
interface CaseHead {
  instance_id: string;
  task_id: string;
  due_micros: string;
}

/** A clock's due instant as the list orders it: no due instant sorts last (the expression of the index `task_clock_open_due`). */
const DUE_KEY_SQL = (alias: string) => `coalesce(${alias}.due_at, 'infinity'::timestamptz)`;
/** The due key in whole microseconds since the epoch, exact in a cursor (`none` for no due instant). */
const DUE_MICROS_SQL = (alias: string) => `CASE WHEN ${alias}.due_at IS NULL THEN 'none' ELSE (extract(epoch FROM ${alias}.due_at) * 1000000)::bigint::text END`;
const MICROS_TO_DUE_SQL = (parameter: string) => `CASE WHEN ${parameter}::text = 'none' THEN 'infinity'::timestamptz ELSE 'epoch'::timestamptz + ${parameter}::text::bigint * interval '1 microsecond' END`;

const SEVERITY_SQL = `CASE c.level WHEN 'overdue' THEN 3 WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END`;
const DIRECTIVE_COLUMNS = 'id, application_id, department, comment, reply_within_days, due_at, due_problem, created_by, created_at, reply, replied_by, replied_at';

/** The supervision reads over `task_clock`, and `supervision_directive`. */
export const supervision = {
  /**
   * One page of the cases with a running task clock at one of `levels`: worst level first, then by
   * the earliest due clock of that level (then its task id). Each case is found through its first
   * clock in that order, one index range scan per level from the cursor (`after`) or the start, so a
   * page costs its length (plus `offset`, which the api bounds), not the number of warned cases.
   * `status` is the worst level, `due_at` the earliest due instant of the case's clocks that match.
   * `total` counts the cases of the first SUPERVISION_COUNT_BOUND clocks; `next` is the position of the page's last case.
   */
  async cases(
    manager: EntityManager,
    f: { levels: string[]; department?: string; item?: string; offset: number; limit: number; after?: SupervisionCursor },
  ): Promise<{ rows: SupervisedCaseRow[]; total: number; totalExact: boolean; next: SupervisionCursor | null }> {
    const filters = (alias: string, params: unknown[]): string => {
      let sql = '';
      if (f.department !== undefined) { params.push(f.department); sql += ` AND ${alias}.department = $${params.length}`; }
      if (f.item !== undefined) { params.push(f.item); sql += ` AND ${alias}.item = $${params.length}`; }
      return sql;
    };
    const wanted = f.offset + f.limit + 1;
    const ordered = CASE_LEVELS.filter((level) => f.levels.includes(level));
    const from = f.after ? ordered.indexOf(f.after.level) : 0;
    const heads: (CaseHead & { level: SupervisionCursor['level'] })[] = [];
    for (let i = Math.max(0, from); i < ordered.length && heads.length < wanted; i++) {
      const level = ordered[i];
      const params: unknown[] = [level, ordered.slice(0, i)];
      const own = filters('c', params);
      const other = filters('e', params);
      let position = '';
      if (f.after && f.after.level === level) {
        params.push(f.after.dueMicros, f.after.taskId);
        position = ` AND (${DUE_KEY_SQL('c')}, c.task_id) > (${MICROS_TO_DUE_SQL(`$${params.length - 1}`)}, $${params.length}::uuid)`;
      }
      params.push(wanted - heads.length);
      const found = returnedRows<CaseHead>(await manager.query(
        `SELECT c.instance_id, c.task_id, ${DUE_MICROS_SQL('c')} AS due_micros
           FROM task_clock c
          WHERE c.ended_at IS NULL AND c.level = $1${own}${position}
            AND NOT EXISTS (
              SELECT 1 FROM task_clock e
               WHERE e.instance_id = c.instance_id AND e.ended_at IS NULL${other}
                 AND (e.level = ANY($2::text[]) OR (e.level = $1 AND (${DUE_KEY_SQL('e')}, e.task_id) < (${DUE_KEY_SQL('c')}, c.task_id))))
          ORDER BY ${DUE_KEY_SQL('c')}, c.task_id
          LIMIT $${params.length}`,
        params,
      ));
      heads.push(...found.map((head) => ({ ...head, level })));
    }
    const page = heads.slice(f.offset, f.offset + f.limit);
    const last = page[page.length - 1];
    const next = heads.length > f.offset + f.limit && last ? { level: last.level, dueMicros: String(last.due_micros), taskId: last.task_id } : null;

    const detailParams: unknown[] = [page.map((head) => head.instance_id), f.levels];
    const detailFilters = filters('c', detailParams);
    const details = page.length === 0 ? [] : returnedRows<SupervisedCaseRow & { severity: number }>(await manager.query(
      `SELECT c.application_id, c.instance_id, max(${SEVERITY_SQL}) AS severity, min(c.due_at) AS due_at, max(c.legal_due_at) AS legal_due_at,
              array_remove(array_agg(DISTINCT c.department), NULL) AS departments, array_remove(array_agg(DISTINCT c.item), NULL) AS items, array_agg(c.task_id) AS task_ids
         FROM task_clock c
        WHERE c.instance_id = ANY($1::uuid[]) AND c.ended_at IS NULL AND c.level = ANY($2::text[])${detailFilters}
        GROUP BY c.application_id, c.instance_id`,
      detailParams,
    ));
    const byInstance = new Map(details.map((row) => [row.instance_id, row]));
    const levels: SupervisedCaseRow['status'][] = ['yellow', 'red', 'overdue'];
    const rows = page.map((head) => byInstance.get(head.instance_id)).filter((row): row is SupervisedCaseRow & { severity: number } => !!row)
      .map(({ severity, ...row }) => ({ ...row, status: levels[Number(severity) - 1] }));

    const countParams: unknown[] = [f.levels];
    const countFilters = filters('c', countParams);
    // the cases among the first SUPERVISION_COUNT_BOUND matching clocks: exact when fewer clocks match, a lower bound otherwise
    const [{ n, clocks }] = returnedRows<{ n: number; clocks: number }>(await manager.query(
      `SELECT count(DISTINCT instance_id)::int AS n, count(*)::int AS clocks
         FROM (SELECT c.instance_id FROM task_clock c WHERE c.ended_at IS NULL AND c.level = ANY($1::text[])${countFilters} LIMIT ${SUPERVISION_COUNT_BOUND + 1}) bounded`,
      countParams,
    ));
    return { rows, total: n, totalExact: clocks <= SUPERVISION_COUNT_BOUND, next };
  },

  /** The departments of a case's running task clocks. */
  async runningDepartments(manager: EntityManager, applicationId: string): Promise<string[]> {
    return returnedRows<{ department: string }>(await manager.query(
      `SELECT DISTINCT department FROM task_clock WHERE application_id = $1 AND ended_at IS NULL AND department IS NOT NULL ORDER BY department`, [applicationId])).map((r) => r.department);
  },

  /** Task clocks started in [from, to). */
  async clocksStarted(manager: EntityManager, from: Date, to: Date): Promise<StatClockRow[]> {
    return returnedRows<StatClockRow>(await manager.query(
      `SELECT task_id, application_id, item, department, started_at, due_at, ended_at, level FROM task_clock WHERE started_at >= $1 AND started_at < $2`, [from, to]));
  },

  /** The pauses (补正, 特别程序) of the cases, per item (null: the whole case). */
  async pauses(manager: EntityManager, applicationIds: string[]): Promise<{ application_id: string; item: string | null }[]> {
    return returnedRows(await manager.query(`SELECT application_id, item FROM case_clock_pause WHERE application_id = ANY($1::uuid[])`, [applicationIds]));
  },

  /** The ratings of the cases. */
  async ratings(manager: EntityManager, applicationIds: string[]): Promise<{ application_id: string; level: number }[]> {
    return returnedRows(await manager.query(`SELECT application_id, level FROM rating WHERE application_id = ANY($1::uuid[])`, [applicationIds]));
  },

  /** The follow-ups of the cases' poor ratings, per department. */
  async followUps(manager: EntityManager, applicationIds: string[]): Promise<{ application_id: string; department: string; state: string }[]> {
    return returnedRows(await manager.query(`SELECT application_id, department, state FROM rating_follow_up WHERE application_id = ANY($1::uuid[])`, [applicationIds]));
  },

  async insertDirective(manager: EntityManager, d: DirectiveRow): Promise<void> {
    await manager.query(
      `INSERT INTO supervision_directive (${DIRECTIVE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [d.id, d.application_id, d.department, d.comment, d.reply_within_days, d.due_at, d.due_problem, d.created_by, d.created_at, d.reply, d.replied_by, d.replied_at],
    );
  },

  /** The unanswered directives of a case whose reply time is not counted. */
  async uncountedDirectives(manager: EntityManager, applicationId: string): Promise<DirectiveRow[]> {
    return returnedRows<DirectiveRow>(await manager.query(`SELECT ${DIRECTIVE_COLUMNS} FROM supervision_directive WHERE application_id = $1 AND due_at IS NULL AND replied_at IS NULL`, [applicationId]));
  },

  /** Sets the reply times counted now (one statement for all), clearing their problem. */
  async setDirectiveDue(manager: EntityManager, dues: Array<{ id: string; dueAt: Date }>): Promise<void> {
    if (dues.length === 0) return;
    await manager.query(
      `UPDATE supervision_directive s SET due_at = d.due_at, due_problem = NULL FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due_at) WHERE s.id = d.id AND s.due_at IS NULL`,
      [dues.map((d) => d.id), dues.map((d) => d.dueAt)],
    );
  },

  async directive(manager: EntityManager, id: string, lock = false): Promise<DirectiveRow | undefined> {
    return returnedRows<DirectiveRow>(await manager.query(`SELECT ${DIRECTIVE_COLUMNS} FROM supervision_directive WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
  },

  async reply(manager: EntityManager, id: string, reply: { comment: string; by: string; at: Date }): Promise<DirectiveRow | undefined> {
    return returnedRows<DirectiveRow>(await manager.query(
      `UPDATE supervision_directive SET reply = $2, replied_by = $3, replied_at = $4 WHERE id = $1 AND replied_at IS NULL RETURNING ${DIRECTIVE_COLUMNS}`,
      [id, reply.comment, reply.by, reply.at],
    ))[0];
  },

  async directives(manager: EntityManager, f: { department?: string; applicationId?: string; state?: 'open' | 'answered'; offset: number; limit: number }): Promise<{ rows: DirectiveRow[]; total: number }> {
    const where = `($1::text IS NULL OR department = $1) AND ($2::uuid IS NULL OR application_id = $2)
      AND ($3::text IS NULL OR ($3 = 'open' AND replied_at IS NULL) OR ($3 = 'answered' AND replied_at IS NOT NULL))`;
    const params = [f.department ?? null, f.applicationId ?? null, f.state ?? null];
    const rows = returnedRows<DirectiveRow>(await manager.query(`SELECT ${DIRECTIVE_COLUMNS} FROM supervision_directive WHERE ${where} ORDER BY created_at DESC, id OFFSET $4 LIMIT $5`, [...params, f.offset, f.limit]));
    const [{ total }] = returnedRows<{ total: number }>(await manager.query(`SELECT count(*)::int AS total FROM supervision_directive WHERE ${where}`, params));
    return { rows, total };
  },

  /** The directives to the cases. */
  async directivesOf(manager: EntityManager, applicationIds: string[]): Promise<DirectiveRow[]> {
    return returnedRows<DirectiveRow>(await manager.query(`SELECT ${DIRECTIVE_COLUMNS} FROM supervision_directive WHERE application_id = ANY($1::uuid[])`, [applicationIds]));
  },
};
