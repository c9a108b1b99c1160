import { returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { WarningLevel } from '../clocks/task-clock';

/** One scheduled transition of a case's clock (`item` '') or of one of its items' clocks. `due_at` null: held while paused. */
export interface CaseClockWarningRow {
  id: string;
  application_id: string;
  item: string;
  level: WarningLevel;
  due_at: Date | null;
  state: 'scheduled' | 'fired' | 'cancelled';
  generation: number;
  fired_at: Date | null;
  /** The case's region, where the warning's handler writes. */
  region?: string;
}

const COLUMNS = 'id, application_id, item, level, due_at, state, generation, fired_at';

/** `case_clock_warning`: the warnings of case and item clocks. */
export const caseClockWarnings = {
  /**
   * Inserts or re-times the warnings of a case, every clock and level in ONE statement (at most one
   * entry per item and level); returns those (re)scheduled with their item, level and generation,
   * in the order given (a warning unchanged, fired or cancelled is left as it is).
   */
  async scheduleAll(manager: EntityManager, applicationId: string, ws: readonly { id: string; item: string; level: WarningLevel; dueAt: Date | null }[]): Promise<{ id: string; item: string; level: WarningLevel; generation: number }[]> {
    if (ws.length === 0) return [];
    return returnedRows<{ id: string; item: string; level: WarningLevel; generation: number }>(await manager.query(
      `INSERT INTO case_clock_warning (region, id, application_id, item, level, due_at, state, generation)
       SELECT ${ROW_REGION}, v.id, $1, v.item, v.level, v.due_at, 'scheduled', 0 FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS v(id, item, level, due_at, n) ORDER BY v.n
       ON CONFLICT (application_id, item, level) DO UPDATE SET due_at = EXCLUDED.due_at, generation = case_clock_warning.generation + 1
         WHERE case_clock_warning.state = 'scheduled' AND case_clock_warning.due_at IS DISTINCT FROM EXCLUDED.due_at
       RETURNING id, item, level, generation`,
      [applicationId, ws.map((w) => w.id), ws.map((w) => w.item), ws.map((w) => w.level), ws.map((w) => w.dueAt)],
    ));
  },

  async find(manager: EntityManager, id: string, lock = false): Promise<CaseClockWarningRow | undefined> {
    return returnedRows<CaseClockWarningRow>(await manager.query(`SELECT ${COLUMNS} FROM case_clock_warning WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
  },

  async ofApplication(manager: EntityManager, applicationId: string): Promise<CaseClockWarningRow[]> {
    return returnedRows<CaseClockWarningRow>(await manager.query(`SELECT ${COLUMNS} FROM case_clock_warning WHERE application_id = $1 ORDER BY item, due_at NULLS LAST`, [applicationId]));
  },

  /** Scheduled warnings due by `until` (of the given cases, or all), oldest first: the sweep puts their jobs back on the queue. */
  async dueBy(manager: EntityManager, until: Date, limit: number, applicationIds?: string[]): Promise<CaseClockWarningRow[]> {
    return returnedRows<CaseClockWarningRow>(await manager.query(
      `SELECT ${COLUMNS}, region FROM case_clock_warning
        WHERE state = 'scheduled' AND due_at IS NOT NULL AND due_at <= $1 AND ($3::uuid[] IS NULL OR application_id = ANY($3::uuid[]))
        ORDER BY due_at LIMIT $2`, [until, limit, applicationIds ?? null]));
  },

  async mark(manager: EntityManager, id: string, state: 'fired' | 'cancelled', at: Date): Promise<void> {
    await manager.query(`UPDATE case_clock_warning SET state = $2, fired_at = CASE WHEN $2 = 'fired' THEN $3::timestamptz ELSE fired_at END WHERE id = $1 AND state = 'scheduled'`, [id, state, at]);
  },
};
