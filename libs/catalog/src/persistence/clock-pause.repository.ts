import { andCallerRegion, returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';
import type { ClockPause } from '../clocks/case-clock';

interface RawRow {
  id: string;
  item: string | null;
  kind: string;
  reason: string;
  paused_at: Date;
  resumed_at: Date | null;
}

const pauseOf = (r: RawRow): ClockPause => ({ id: r.id, item: r.item, kind: r.kind, reason: r.reason, pausedAt: r.paused_at, resumedAt: r.resumed_at });

/** `case_clock_pause`: the stops of a case's clocks (补正 and 特别程序), one row per pause, resumed in place. */
export const clockPauses = {
  /** Serialises the pause commands of one case (its application row, locked to the end of the transaction). */
  async lockCase(manager: EntityManager, applicationId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM application WHERE id = $1 FOR UPDATE`, [applicationId]);
  },

  /** The pauses of a case, in its region when the caller read the case's row (the distribution column), else the caller's when its scope is one region. */
  async ofApplication(manager: EntityManager, applicationId: string, region?: string): Promise<ClockPause[]> {
    const inRegion = region ? ' AND region = $2' : andCallerRegion();
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT id, item, kind, reason, paused_at, resumed_at FROM case_clock_pause WHERE application_id = $1${inRegion} ORDER BY paused_at, id`, region ? [applicationId, region] : [applicationId]));
    return rows.map(pauseOf);
  },


  async insert(manager: EntityManager, applicationId: string, p: ClockPause): Promise<void> {
    await manager.query(
      `INSERT INTO case_clock_pause (region, id, application_id, item, kind, reason, paused_at, resumed_at) VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, NULL)`,
      [p.id, applicationId, p.item, p.kind, p.reason, p.pausedAt]);
  },

  /** Resumes an open pause; undefined when the pause does not exist or has already been resumed. */
  async resume(manager: EntityManager, applicationId: string, pauseId: string, at: Date): Promise<ClockPause | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(
      `UPDATE case_clock_pause SET resumed_at = $3 WHERE application_id = $1 AND id = $2 AND resumed_at IS NULL RETURNING id, item, kind, reason, paused_at, resumed_at`,
      [applicationId, pauseId, at]));
    return rows[0] ? pauseOf(rows[0]) : undefined;
  },

  async find(manager: EntityManager, applicationId: string, pauseId: string): Promise<ClockPause | undefined> {
    const rows = returnedRows<RawRow>(await manager.query(
      `SELECT id, item, kind, reason, paused_at, resumed_at FROM case_clock_pause WHERE application_id = $1 AND id = $2`, [applicationId, pauseId]));
    return rows[0] ? pauseOf(rows[0]) : undefined;
  },
};
