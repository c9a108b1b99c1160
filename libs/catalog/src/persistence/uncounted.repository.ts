import { returnedRows } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** A count of a case not made yet: a rating follow-up's due date, an open correction request's deadline, an unanswered directive's reply time. */
export interface UncountedRow {
  kind: 'rating-follow-up' | 'correction' | 'directive';
  id: string;
  /** When it was opened: the count starts there. */
  openedAt: Date;
  /** The working days given (a rating follow-up's come from the configuration). */
  days: number | null;
}

/** The counts of a case left for a calendar year, across the tables that hold them. */
export const uncounted = {
  /** Every count of a case not made yet, in one statement. */
  async ofCase(manager: EntityManager, applicationId: string): Promise<UncountedRow[]> {
    return returnedRows<UncountedRow>(await manager.query(
      `SELECT 'rating-follow-up' AS kind, id, created_at AS "openedAt", NULL::int AS days FROM rating_follow_up WHERE application_id = $1 AND due_at IS NULL
       UNION ALL SELECT 'correction', id, requested_at, deadline_days FROM case_correction WHERE application_id = $1 AND state = 'open' AND deadline_at IS NULL
       UNION ALL SELECT 'directive', id, created_at, reply_within_days FROM supervision_directive WHERE application_id = $1 AND due_at IS NULL AND replied_at IS NULL`,
      [applicationId],
    ));
  },
};
