import { randomUUID } from 'node:crypto';
import { andCallerRegion, returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { CorrectionAsk, FieldChange, Supplement } from '../correction/correction.types';

/** A correction request (补正) of one task, and the applicant's answer once given. */
export interface CorrectionRow {
  id: string;
  applicationId: string;
  taskId: string;
  item: string;
  department: string;
  state: 'open' | 'answered' | 'expired';
  asked: CorrectionAsk[];
  comment: string | null;
  /** Null while the deadline is not counted (`deadlineProblem` says why). */
  deadlineDate: string | null;
  deadlineAt: Date | null;
  /** Why the deadline is not counted yet: it reaches a year the calendar does not know (counted from the request when the year is entered). */
  deadlineProblem: string | null;
  /** The working days the applicant was given. */
  deadlineDays: number | null;
  answered: Supplement | null;
  diff: FieldChange[] | null;
  requestedBy: string;
  requestedAt: Date;
  answeredAt: Date | null;
}

const COLUMNS = `id, application_id AS "applicationId", task_id AS "taskId", item, department, state, asked, comment,
  to_char(deadline_date, 'YYYY-MM-DD') AS "deadlineDate", deadline_at AS "deadlineAt", deadline_problem AS "deadlineProblem", deadline_days AS "deadlineDays", answered, diff,
  requested_by AS "requestedBy", requested_at AS "requestedAt", answered_at AS "answeredAt"`;

/** `case_correction` rows and the `case_clock_pause` rows they cause. */
export const corrections = {
  /** Inserts the request; the unique open-per-task index makes a second open request impossible. */
  async insert(manager: EntityManager, c: Omit<CorrectionRow, 'state' | 'answered' | 'diff' | 'answeredAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO case_correction (region, id, application_id, task_id, item, department, state, asked, comment, deadline_date, deadline_at, deadline_problem, deadline_days, requested_by, requested_at)
       VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13)`,
      [c.id, c.applicationId, c.taskId, c.item, c.department, JSON.stringify(c.asked), c.comment, c.deadlineDate, c.deadlineAt, c.deadlineProblem, c.deadlineDays, c.requestedBy, c.requestedAt],
    );
  },

  /** The open requests of a case whose deadline is not counted. */
  async uncountedOf(manager: EntityManager, applicationId: string): Promise<CorrectionRow[]> {
    return returnedRows<CorrectionRow>(await manager.query(`SELECT ${COLUMNS} FROM case_correction WHERE application_id = $1 AND state = 'open' AND deadline_at IS NULL`, [applicationId]));
  },

  /** Sets a deadline counted now, clearing its problem; false when the request was counted or closed meanwhile. */
  async setDeadline(manager: EntityManager, id: string, deadlineDate: string, deadlineAt: Date): Promise<boolean> {
    return returnedRows(await manager.query(
      `UPDATE case_correction SET deadline_date = $2, deadline_at = $3, deadline_problem = NULL WHERE id = $1 AND state = 'open' AND deadline_at IS NULL RETURNING id`, [id, deadlineDate, deadlineAt],
    )).length === 1;
  },

  /** The open request of a case, locked for the answer when `lock`. */
  async openOf(manager: EntityManager, applicationId: string, lock = false): Promise<CorrectionRow | undefined> {
    return returnedRows<CorrectionRow>(await manager.query(
      `SELECT ${COLUMNS} FROM case_correction WHERE application_id = $1 AND state = 'open' ORDER BY requested_at LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`, [applicationId],
    ))[0];
  },

  /** The latest request of a task. */
  async latestOfTask(manager: EntityManager, taskId: string): Promise<CorrectionRow | undefined> {
    return returnedRows<CorrectionRow>(await manager.query(`SELECT ${COLUMNS} FROM case_correction WHERE task_id = $1${andCallerRegion()} ORDER BY requested_at DESC LIMIT 1`, [taskId]))[0];
  },

  async answer(manager: EntityManager, id: string, answered: Supplement, diff: FieldChange[], at: Date): Promise<void> {
    await manager.query(
      `UPDATE case_correction SET state = 'answered', answered = $2, diff = $3, answered_at = $4 WHERE id = $1 AND state = 'open'`,
      [id, JSON.stringify(answered), JSON.stringify(diff), at],
    );
  },

  /** Reads one request by id. */
  async find(manager: EntityManager, id: string): Promise<CorrectionRow | undefined> {
    return returnedRows<CorrectionRow>(await manager.query(`SELECT ${COLUMNS} FROM case_correction WHERE id = $1`, [id]))[0];
  },

  /** Marks an open request expired; false when it was no longer open (answered, or expired already). */
  async expire(manager: EntityManager, id: string): Promise<boolean> {
    return returnedRows(await manager.query(`UPDATE case_correction SET state = 'expired' WHERE id = $1 AND state = 'open' RETURNING id`, [id])).length === 1;
  },

  /** The expired requests of cases, for the applicant's notice. */
  async expiredOf(manager: EntityManager, applicationId: string): Promise<CorrectionRow[]> {
    return returnedRows<CorrectionRow>(await manager.query(`SELECT ${COLUMNS} FROM case_correction WHERE application_id = $1 AND state = 'expired' ORDER BY requested_at`, [applicationId]));
  },

  async pauseClock(manager: EntityManager, p: { applicationId: string; item: string; kind: string; reason: string | null; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO case_clock_pause (region, id, application_id, item, kind, reason, paused_at) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6)`,
      [randomUUID(), p.applicationId, p.item, p.kind, p.reason, p.at],
    );
  },

  async resumeClock(manager: EntityManager, p: { applicationId: string; item: string; kind: string; at: Date }): Promise<void> {
    await manager.query(
      `UPDATE case_clock_pause SET resumed_at = $4 WHERE application_id = $1 AND item = $2 AND kind = $3 AND resumed_at IS NULL`,
      [p.applicationId, p.item, p.kind, p.at],
    );
  },
};
