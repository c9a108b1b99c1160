import type { EntityManager } from 'typeorm';

/** One 催办 as stored for the notification inbox. */
export interface TaskUrgeRow {
  id: string;
  taskId: string;
  instanceId: string;
  urgedBy: string;
  urgedAt: Date;
  toAssignee: string | null;
  toDepartment: string | null;
  comment: string;
}

/** The `task_urge` rows: who urged which task, whom it reached, when. */
export const taskUrges = {
  /** The latest urge of the task; call with the task row locked so two urges cannot both pass the interval. */
  async latest(manager: EntityManager, taskId: string): Promise<Date | undefined> {
    const [row] = (await manager.query(`SELECT urged_at AS "urgedAt" FROM task_urge WHERE task_id = $1 ORDER BY urged_at DESC LIMIT 1`, [taskId])) as { urgedAt: Date }[];
    return row?.urgedAt;
  },

  async insert(manager: EntityManager, urge: Omit<TaskUrgeRow, 'id'>): Promise<TaskUrgeRow> {
    const [row] = (await manager.query(
      `INSERT INTO task_urge (task_id, instance_id, urged_by, urged_at, to_assignee, to_department, comment) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [urge.taskId, urge.instanceId, urge.urgedBy, urge.urgedAt, urge.toAssignee, urge.toDepartment, urge.comment],
    )) as { id: string }[];
    return { id: row.id, ...urge };
  },
};
