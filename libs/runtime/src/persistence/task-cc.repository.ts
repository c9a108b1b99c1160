import { ConflictError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';

/** One read-only copy (抄送) of a task, with what the recipient's list shows of the task. */
export interface TaskCcRow {
  id: string;
  taskId: string;
  processInstanceId: string;
  processKey: string;
  elementId: string;
  taskName: string | null;
  department: string | null;
  taskState: string;
  decision: string | null;
  recipient: string;
  sentBy: string;
  sentAt: Date;
  comment: string;
  readAt: Date | null;
}

const CC_COLUMNS = `c.id, c.task_id AS "taskId", c.instance_id AS "processInstanceId", t.process_key AS "processKey", t.element_id AS "elementId",
                    t.name AS "taskName", t.department, t.state AS "taskState", t.decision, c.recipient, c.sent_by AS "sentBy", c.sent_at AS "sentAt",
                    c.comment, c.read_at AS "readAt"`;

/** The `task_cc` rows: copies sent, a recipient's list, marking one read. */
export const taskCopies = {
  /** One row per recipient; a recipient who already has a copy of the task → `ConflictError` (the transaction rolls back). */
  async insert(manager: EntityManager, copy: { taskId: string; instanceId: string; recipients: string[]; sentBy: string; sentAt: Date; comment: string }): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(await manager.query(
      `INSERT INTO task_cc (task_id, instance_id, recipient, sent_by, sent_at, comment)
       SELECT $1, $2, r, $4, $5, $6 FROM unnest($3::text[]) AS r ON CONFLICT (task_id, recipient) DO NOTHING RETURNING id`,
      [copy.taskId, copy.instanceId, copy.recipients, copy.sentBy, copy.sentAt, copy.comment],
    ));
    if (rows.length !== copy.recipients.length) throw new ConflictError(`Task ${copy.taskId} was already copied to one of ${copy.recipients.join(', ')}`, { taskId: copy.taskId });
    return rows.map((row) => row.id);
  },

  /** A recipient's copies, newest first, optionally only the unread ones, and their total. */
  async page(manager: EntityManager, recipient: string, unread: boolean, offset: number, limit: number): Promise<{ rows: TaskCcRow[]; total: number }> {
    const rows = (await manager.query(
      `SELECT ${CC_COLUMNS}, count(*) OVER () AS "totalCount" FROM task_cc c JOIN task t ON t.id = c.task_id
        WHERE c.recipient = $1 AND ($2::boolean IS FALSE OR c.read_at IS NULL)
        ORDER BY c.sent_at DESC, c.id OFFSET $3 LIMIT $4`,
      [recipient, unread, offset, limit],
    )) as (TaskCcRow & { totalCount: string })[];
    const total = rows.length > 0 || offset === 0
      ? Number(rows[0]?.totalCount ?? 0)
      : Number(((await manager.query(`SELECT count(*) AS n FROM task_cc WHERE recipient = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)`, [recipient, unread])) as { n: string }[])[0].n);
    return { rows: rows.map(({ totalCount: _count, ...row }) => row), total };
  },

  async read(manager: EntityManager, id: string): Promise<TaskCcRow | undefined> {
    const [row] = (await manager.query(`SELECT ${CC_COLUMNS} FROM task_cc c JOIN task t ON t.id = c.task_id WHERE c.id = $1`, [id])) as TaskCcRow[];
    return row;
  },

  /** Marks the copy read (the first time only); answers the time it was read. */
  async markRead(manager: EntityManager, id: string, at: Date): Promise<Date> {
    const rows = returnedRows<{ readAt: Date }>(await manager.query(
      `UPDATE task_cc SET read_at = COALESCE(read_at, $2) WHERE id = $1 RETURNING read_at AS "readAt"`,
      [id, at],
    ));
    return rows[0].readAt;
  },
};
