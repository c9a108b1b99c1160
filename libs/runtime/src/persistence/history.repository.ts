import type { EntityManager } from 'typeorm';

/** One entry of an instance's history (audit trail). */
export interface HistoryEntry {
  type: string;
  elementId?: string | null;
  elementKey?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * The `history_event` rows written outside an engine command (claims, reads of personal data, what
 * other packages record on a case). Part of the caller's transaction when `manager` is one.
 */
export const history = {
  async append(manager: EntityManager, instanceId: string, actor: string | null, at: Date, entry: HistoryEntry): Promise<void> {
    await manager.query(
      `INSERT INTO history_event (instance_id, type, element_id, element_key, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [instanceId, entry.type, entry.elementId ?? null, entry.elementKey ?? null, at, actor, entry.data == null ? null : JSON.stringify(entry.data)],
    );
  },
};
