import type { EntityManager } from 'typeorm';
import { andCallerRegion } from '../database/region-filter';
import { returnedRows } from '../control/returned-rows.util';

/** An instance as other packages may read it: its definition, state and end. */
export interface InstanceSummaryRow {
  id: string;
  definition_id: string;
  state: string;
  ended_at: Date | null;
}

/** A user task or a job of an instance, as a step of its case. */
export interface CaseStepRow {
  instance_id: string;
  element_id: string;
  state: string;
  decision?: string | null;
  comment?: string | null;
  created_at: Date;
  ended_at: Date | null;
}

/**
 * The read port over runtime's instance, task and job rows for other packages (a case's progress,
 * its departments, a step's definition): they ask here instead of querying runtime's tables.
 */
export const caseReads = {
  async definitionOf(manager: EntityManager, instanceId: string): Promise<string | undefined> {
    const [row] = returnedRows<{ definition_id: string }>(await manager.query(`SELECT definition_id FROM process_instance WHERE id = $1${andCallerRegion()}`, [instanceId]));
    return row?.definition_id;
  },

  async instances(manager: EntityManager, instanceIds: string[]): Promise<InstanceSummaryRow[]> {
    return returnedRows<InstanceSummaryRow>(await manager.query(`SELECT id, definition_id, state, ended_at FROM process_instance WHERE id = ANY($1)`, [instanceIds]));
  },

  /** The user tasks and the jobs of the instances, oldest first. */
  async steps(manager: EntityManager, instanceIds: string[]): Promise<{ tasks: CaseStepRow[]; jobs: CaseStepRow[] }> {
    const tasks = returnedRows<CaseStepRow>(await manager.query(
      `SELECT instance_id, element_id, state, decision, comment, created_at, ended_at FROM task WHERE instance_id = ANY($1) ORDER BY created_at`, [instanceIds]));
    const jobs = returnedRows<CaseStepRow>(await manager.query(
      `SELECT instance_id, element_id, state, created_at, ended_at FROM job WHERE instance_id = ANY($1) ORDER BY created_at`, [instanceIds]));
    return { tasks, jobs };
  },

  /** The departments that have or had a task in each instance. */
  async departments(manager: EntityManager, instanceIds: string[]): Promise<Map<string, string[]>> {
    const rows = returnedRows<{ instance_id: string; departments: string[] }>(await manager.query(
      `SELECT instance_id, array_agg(DISTINCT department) AS departments FROM task WHERE instance_id = ANY($1) AND department IS NOT NULL GROUP BY instance_id`, [instanceIds]));
    return new Map(rows.map((row) => [row.instance_id, row.departments]));
  },

  /** Where the user tasks are now: their state, department (a transfer moves it) and end. */
  async tasks(manager: EntityManager, taskIds: string[]): Promise<CaseTaskRow[]> {
    if (taskIds.length === 0) return [];
    return returnedRows<CaseTaskRow>(await manager.query(
      `SELECT id, instance_id, element_id, name, department, state, ended_at FROM task WHERE id = ANY($1::uuid[])`, [taskIds]));
  },
};

/** A user task as other packages may read it. */
export interface CaseTaskRow {
  id: string;
  instance_id: string;
  element_id: string;
  name: string | null;
  department: string | null;
  state: string;
  ended_at: Date | null;
}
