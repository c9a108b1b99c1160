import { returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** An applicant's rating of one case (好差评), with the levels given to single items. */
export interface RatingRow {
  id: string;
  applicationId: string;
  bundleCode: string;
  level: number;
  items: Array<{ item: string; level: number }>;
  comment: string | null;
  ratedBy: string;
  createdAt: Date;
}

/** Where a poor rating's follow-up stands for one department: call back (回访), then rectify (整改). */
export type FollowUpState = 'callback-pending' | 'rectification-pending' | 'closed';

export interface FollowUpRow {
  id: string;
  ratingId: string;
  applicationId: string;
  department: string;
  state: FollowUpState;
  /** Null while it is not counted (`dueProblem` says why). */
  dueAt: Date | null;
  /** Why the due date is not counted yet: it reaches a year the calendar does not know (counted when the year is entered). */
  dueProblem: string | null;
  callbackComment: string | null;
  callbackBy: string | null;
  callbackAt: Date | null;
  rectificationComment: string | null;
  rectificationResult: string | null;
  rectifiedBy: string | null;
  rectifiedAt: Date | null;
  createdAt: Date;
}

/** The columns a rating (of `r`) and a follow-up are read with (`ratingOf`, `followUpOf`). */
const RATING_COLUMNS = 'r.id, r.application_id, r.level, r.items, r.comment, r.rated_by, r.created_at';
const FOLLOW_UP_COLUMNS = 'id, rating_id, application_id, department, state, due_at, due_problem, callback_comment, callback_by, callback_at, rectification_comment, rectification_result, rectified_by, rectified_at, created_at';

/* eslint-disable @typescript-eslint/no-explicit-any */
function ratingOf(r: any): RatingRow {
  return { id: r.id, applicationId: r.application_id, bundleCode: r.bundle_code, level: Number(r.level), items: r.items, comment: r.comment, ratedBy: r.rated_by, createdAt: r.created_at };
}

function followUpOf(r: any): FollowUpRow {
  return {
    id: r.id, ratingId: r.rating_id, applicationId: r.application_id, department: r.department, state: r.state, dueAt: r.due_at, dueProblem: r.due_problem,
    callbackComment: r.callback_comment, callbackBy: r.callback_by, callbackAt: r.callback_at,
    rectificationComment: r.rectification_comment, rectificationResult: r.rectification_result, rectifiedBy: r.rectified_by, rectifiedAt: r.rectified_at,
    createdAt: r.created_at,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** `rating` and `rating_follow_up`: written by the rating service, and the follow-ups' due dates by their count when a calendar year is entered (`CaseClockWarningService.countOthers`). */
export const ratings = {
  /** Inserts the rating unless the case has one; false when it had. */
  async insert(manager: EntityManager, r: Omit<RatingRow, 'bundleCode'>): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(await manager.query(
      `INSERT INTO rating (region, id, application_id, level, items, comment, rated_by, created_at) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (application_id) DO NOTHING RETURNING id`,
      [r.id, r.applicationId, r.level, JSON.stringify(r.items), r.comment, r.ratedBy, r.createdAt],
    ));
    return rows.length === 1;
  },

  async insertFollowUp(manager: EntityManager, f: Pick<FollowUpRow, 'id' | 'ratingId' | 'applicationId' | 'department' | 'dueAt' | 'dueProblem' | 'createdAt'>): Promise<void> {
    await manager.query(
      `INSERT INTO rating_follow_up (region, id, rating_id, application_id, department, state, due_at, due_problem, created_at) VALUES (${ROW_REGION}, $1, $2, $3, $4, 'callback-pending', $5, $6, $7)`,
      [f.id, f.ratingId, f.applicationId, f.department, f.dueAt, f.dueProblem, f.createdAt],
    );
  },

  /** The follow-ups of a case whose due date is not counted, as of when they were opened. */
  async uncountedOf(manager: EntityManager, applicationId: string): Promise<Array<{ id: string; createdAt: Date }>> {
    const rows = returnedRows<{ id: string; created_at: Date }>(await manager.query(`SELECT id, created_at FROM rating_follow_up WHERE application_id = $1 AND due_at IS NULL`, [applicationId]));
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
  },

  /** Sets the due dates counted now (one statement for all), clearing their problem. */
  async setDue(manager: EntityManager, dues: Array<{ id: string; dueAt: Date }>): Promise<void> {
    if (dues.length === 0) return;
    await manager.query(
      `UPDATE rating_follow_up f SET due_at = d.due_at, due_problem = NULL FROM unnest($1::uuid[], $2::timestamptz[]) AS d(id, due_at) WHERE f.id = d.id AND f.due_at IS NULL`,
      [dues.map((d) => d.id), dues.map((d) => d.dueAt)],
    );
  },

  async findByApplication(manager: EntityManager, applicationId: string): Promise<RatingRow | undefined> {
    const rows = await manager.query(`SELECT ${RATING_COLUMNS}, a.bundle_code FROM rating r JOIN application a ON a.id = r.application_id WHERE r.application_id = $1`, [applicationId]);
    return rows[0] ? ratingOf(rows[0]) : undefined;
  },

  async between(manager: EntityManager, from: Date, to: Date): Promise<RatingRow[]> {
    const rows = await manager.query(
      `SELECT ${RATING_COLUMNS}, a.bundle_code FROM rating r JOIN application a ON a.id = r.application_id WHERE r.created_at >= $1 AND r.created_at < $2 ORDER BY r.created_at, r.id`,
      [from, to],
    );
    return rows.map(ratingOf);
  },

  async followUpsOf(manager: EntityManager, ratingIds: string[]): Promise<FollowUpRow[]> {
    const rows = await manager.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM rating_follow_up WHERE rating_id = ANY($1::uuid[]) ORDER BY department`, [ratingIds]);
    return rows.map(followUpOf);
  },

  async listFollowUps(manager: EntityManager, filter: { department?: string; state?: string }): Promise<FollowUpRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.department) where.push(`department = $${params.push(filter.department)}`);
    if (filter.state) where.push(`state = $${params.push(filter.state)}`);
    const rows = await manager.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM rating_follow_up ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at NULLS LAST, id LIMIT 500`, params);
    return rows.map(followUpOf);
  },

  async findFollowUp(manager: EntityManager, id: string, lock = false): Promise<FollowUpRow | undefined> {
    const rows = await manager.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM rating_follow_up WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? followUpOf(rows[0]) : undefined;
  },

  async recordCallback(manager: EntityManager, id: string, comment: string, by: string, at: Date): Promise<void> {
    await manager.query(`UPDATE rating_follow_up SET state = 'rectification-pending', callback_comment = $2, callback_by = $3, callback_at = $4 WHERE id = $1`, [id, comment, by, at]);
  },

  async recordRectification(manager: EntityManager, id: string, comment: string, result: string | null, by: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE rating_follow_up SET state = 'closed', rectification_comment = $2, rectification_result = $3, rectified_by = $4, rectified_at = $5 WHERE id = $1`,
      [id, comment, result, by, at],
    );
  },
};
