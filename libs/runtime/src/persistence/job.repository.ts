import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import { andCallerRegion, IN_COMMAND_REGION } from '../database/region-filter';
import type { JobState } from '../jobs/job.types';

/** A `job` row as stored. */
export interface JobRow {
  id: string;
  instance_id: string;
  /** The distribution column: the region of the job's instance. */
  region: string;
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

/** How a job command ends an open job: done, failed with no retries left, or a BPMN error thrown by its worker. */
export type JobResolution =
  | { outcome: 'completed' }
  | { outcome: 'failed'; errorMessage: string }
  | { outcome: 'error'; errorCode: string; errorMessage: string | null };

const OPEN_STATES = `('activatable', 'activated')`;

/** The `job` rows, as the job commands and the activation read and write them. */
export const jobs = {
  /** A job by id, in the caller's region when its scope is one region; a worker (the system) learns the region from the row. */
  async read(manager: EntityManager, id: string): Promise<JobRow | undefined> {
    const [row] = (await manager.query(`SELECT * FROM job WHERE id = $1${andCallerRegion()}`, [id])) as JobRow[];
    return row;
  },

  async readMany(manager: EntityManager, ids: readonly string[]): Promise<JobRow[]> {
    if (ids.length === 0) return [];
    return (await manager.query(`SELECT * FROM job WHERE id = ANY($1::uuid[])`, [ids])) as JobRow[];
  },

  /**
   * Ends an open (activatable or activated) job as completed or failed; false when it is no longer
   * open (completed, failed or withdrawn by an earlier command), and then nothing was written. Runs
   * under the instance's lock, in its region.
   */
  async resolve(manager: EntityManager, id: string, resolution: JobResolution, endedAt: Date): Promise<boolean> {
    const [set, params] = resolutionSql(resolution);
    const rows = await manager.query(
      `UPDATE job SET ${set}, ended_at = $${params.length + 2}, deadline = NULL WHERE id = $1 AND ${IN_COMMAND_REGION} AND state IN ${OPEN_STATES} RETURNING id`,
      [id, ...params, endedAt],
    );
    return returnedRows(rows).length === 1;
  },

  /**
   * `resolve` of several open jobs of the transaction's region in one statement: the ids of those that
   * were still open (and are now resolved); a job missing from the answer was written nothing.
   */
  async resolveMany(manager: EntityManager, ids: readonly string[], resolution: JobResolution, endedAt: Date): Promise<Set<string>> {
    const [set, params] = resolutionSql(resolution);
    const rows = returnedRows<{ id: string }>(await manager.query(
      `UPDATE job SET ${set}, ended_at = $${params.length + 2}, deadline = NULL WHERE id = ANY($1::uuid[]) AND ${IN_COMMAND_REGION} AND state IN ${OPEN_STATES} RETURNING id`,
      [ids, ...params, endedAt],
    ));
    return new Set(rows.map((row) => row.id));
  },

  /** Makes an open job activatable again `backoffMs` after `now`, with the retries left; false when it is no longer open. */
  async retryLater(manager: EntityManager, id: string, region: string, retries: number, errorMessage: string, backoffMs: number, now: Date): Promise<boolean> {
    const rows = returnedRows(await manager.query(
      `UPDATE job SET state = 'activatable', retries = $2, error_message = $3, worker = NULL, deadline = NULL,
              available_at = $5::timestamptz + $4 * interval '1 millisecond'
        WHERE id = $1 AND region = $6 AND state IN ${OPEN_STATES} RETURNING id`,
      [id, retries, errorMessage, Math.max(0, backoffMs), now, region],
    ));
    return rows.length === 1;
  },
};

function resolutionSql(resolution: JobResolution): [string, unknown[]] {
  switch (resolution.outcome) {
    case 'completed': return [`state = 'completed'`, []];
    case 'failed': return [`state = 'failed', retries = 0, error_message = $2`, [resolution.errorMessage]];
    case 'error': return [`state = 'failed', error_code = $2, error_message = $3`, [resolution.errorCode, resolution.errorMessage]];
  }
}
