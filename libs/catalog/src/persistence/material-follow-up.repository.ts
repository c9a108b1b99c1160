import { returnedRows, ROW_REGION } from '@tongban/runtime';
import type { EntityManager } from 'typeorm';

/** A deferred material (容缺) whose deadline passed without it: the item's department follows it up. */
export interface MaterialFollowUpRow {
  id: string;
  applicationId: string;
  item: string;
  material: string;
  department: string;
  deadlineAt: Date;
  state: 'open' | 'closed';
  openedAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  closeReason: 'handed-in' | 'followed-up' | 'terminated' | null;
  comment: string | null;
}

/** The row's columns as `MaterialFollowUpRow`, of the table aliased `t` when given. */
function columns(t = ''): string {
  const c = (name: string, as?: string) => `${t ? `${t}.` : ''}${name}${as ? ` AS "${as}"` : ''}`;
  return [c('id'), c('application_id', 'applicationId'), c('item'), c('material'), c('department'), c('deadline_at', 'deadlineAt'), c('state'), c('opened_at', 'openedAt'),
    c('closed_at', 'closedAt'), c('closed_by', 'closedBy'), c('close_reason', 'closeReason'), c('comment')].join(', ');
}

const COLUMNS = columns();

/** `material_follow_up`: the follow-ups of missed 容缺 deadlines. */
export const materialFollowUps = {
  /** Opens the follow-up of one material; undefined when it was opened already (a redelivered deadline). */
  async open(manager: EntityManager, f: Pick<MaterialFollowUpRow, 'id' | 'applicationId' | 'item' | 'material' | 'department' | 'deadlineAt' | 'openedAt'>): Promise<MaterialFollowUpRow | undefined> {
    return returnedRows<MaterialFollowUpRow>(await manager.query(
      `INSERT INTO material_follow_up (region, id, application_id, item, material, department, deadline_at, state, opened_at)
       VALUES (${ROW_REGION}, $1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (application_id, item, material) DO NOTHING RETURNING ${COLUMNS}`,
      [f.id, f.applicationId, f.item, f.material, f.department, f.deadlineAt, f.openedAt],
    ))[0];
  },

  /** Closes the open follow-ups of the named materials of a case; returns those it closed. */
  async closeHandedIn(manager: EntityManager, applicationId: string, materials: Array<{ item: string; name: string }>, by: string, at: Date): Promise<MaterialFollowUpRow[]> {
    if (materials.length === 0) return [];
    return returnedRows<MaterialFollowUpRow>(await manager.query(
      `UPDATE material_follow_up f SET state = 'closed', closed_at = $4, closed_by = $5, close_reason = 'handed-in'
         FROM unnest($2::text[], $3::text[]) AS m(item, material)
        WHERE f.application_id = $1 AND f.item = m.item AND f.material = m.material AND f.state = 'open'
        RETURNING ${columns('f')}`,
      [applicationId, materials.map((m) => m.item), materials.map((m) => m.name), at, by],
    ));
  },

  /** Closes one open follow-up with the department's record of it; undefined when it is not open. */
  async closeFollowedUp(manager: EntityManager, id: string, comment: string, by: string, at: Date): Promise<MaterialFollowUpRow | undefined> {
    return returnedRows<MaterialFollowUpRow>(await manager.query(
      `UPDATE material_follow_up SET state = 'closed', closed_at = $3, closed_by = $4, close_reason = 'followed-up', comment = $2
        WHERE id = $1 AND state = 'open' RETURNING ${COLUMNS}`,
      [id, comment, at, by],
    ))[0];
  },

  /** Closes one open follow-up because its department terminated the item; undefined when it is not open. */
  async closeTerminated(manager: EntityManager, id: string, comment: string, by: string, at: Date): Promise<MaterialFollowUpRow | undefined> {
    return returnedRows<MaterialFollowUpRow>(await manager.query(
      `UPDATE material_follow_up SET state = 'closed', closed_at = $3, closed_by = $4, close_reason = 'terminated', comment = $2
        WHERE id = $1 AND state = 'open' RETURNING ${COLUMNS}`,
      [id, comment, at, by],
    ))[0];
  },

  async find(manager: EntityManager, id: string): Promise<MaterialFollowUpRow | undefined> {
    return returnedRows<MaterialFollowUpRow>(await manager.query(`SELECT ${COLUMNS} FROM material_follow_up WHERE id = $1`, [id]))[0];
  },

  async ofApplications(manager: EntityManager, applicationIds: string[]): Promise<MaterialFollowUpRow[]> {
    if (applicationIds.length === 0) return [];
    return returnedRows<MaterialFollowUpRow>(await manager.query(`SELECT ${COLUMNS} FROM material_follow_up WHERE application_id = ANY($1::uuid[]) ORDER BY opened_at, item, material`, [applicationIds]));
  },

  /** A page of follow-ups, newest first, of one department and state when given. */
  async list(manager: EntityManager, filter: { department?: string; state?: 'open' | 'closed'; applicationId?: string; offset: number; limit: number }): Promise<{ items: MaterialFollowUpRow[]; total: number }> {
    const where = `($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR state = $2) AND ($3::uuid IS NULL OR application_id = $3)`;
    const params = [filter.department ?? null, filter.state ?? null, filter.applicationId ?? null];
    const [{ total }] = returnedRows<{ total: number }>(await manager.query(`SELECT count(*)::int AS total FROM material_follow_up WHERE ${where}`, params));
    const items = returnedRows<MaterialFollowUpRow>(await manager.query(
      `SELECT ${COLUMNS} FROM material_follow_up WHERE ${where} ORDER BY opened_at DESC, id LIMIT $4 OFFSET $5`, [...params, filter.limit, filter.offset]));
    return { items, total };
  },
};
