import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';

/** The `incident` rows (and the failed job a job incident stopped at), as the resolve command locks and prepares them. */
export const incidents = {
  /** Locks an open incident until the caller's transaction ends; false when it is resolved already. */
  async lockOpen(manager: EntityManager, id: string): Promise<boolean> {
    return returnedRows(await manager.query(`SELECT id FROM incident WHERE id = $1 AND state = 'open' FOR UPDATE`, [id])).length === 1;
  },

  /** The failed job of the element remembers the retries its successor gets. */
  async rememberRetries(manager: EntityManager, instanceId: string, elementId: string, retries: number): Promise<void> {
    await manager.query(
      `UPDATE job SET resolve_retries = $3 WHERE id = (SELECT id FROM job WHERE instance_id = $1 AND element_id = $2 AND state = 'failed' ORDER BY created_at DESC LIMIT 1)`,
      [instanceId, elementId, retries],
    );
  },
};
