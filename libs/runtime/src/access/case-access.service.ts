import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { caseScopeOf, NotFoundError, type Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import { andCallerRegion } from '../database/region-filter';

/** A condition on an instance alias that narrows a list to the cases a caller may see. */
export interface CaseCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** The things of a case that routes address by their own id. */
export type CasePart = 'task' | 'job' | 'incident';

const TABLE_OF: Record<CasePart, string> = { task: 'task', job: 'job', incident: 'incident' };

/**
 * Object-level access to cases (instances and what hangs off them): supervisors and admins see
 * every case; an integrator only what it started (its keys' `owner`); a clerk only cases where
 * the department has or had a task (in the instance, its parent or its children); designers and
 * applicants no instance at all. A refused case answers 404, exactly like a missing one, so
 * nothing tells a caller that another's case exists.
 */
@Injectable()
export class CaseAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the actor may see the case of the instance (false also when it does not exist). */
  async mayRead(actor: Actor, instanceId: string): Promise<boolean> {
    const restriction = this.restriction(actor, 'i.id', 2);
    if (!restriction.sql) return true;
    const rows = returnedRows(await this.dataSource.query(`SELECT 1 FROM process_instance i WHERE i.id = $1${andCallerRegion('i.')} ${restriction.sql}`, [instanceId, ...restriction.params]));
    return rows.length === 1;
  }

  /** 404 `NOT_FOUND` for an instance the actor may not see. */
  async assertInstance(actor: Actor, instanceId: string): Promise<void> {
    if (!(await this.mayRead(actor, instanceId))) throw new NotFoundError('Process instance', instanceId);
  }

  /** 404 `NOT_FOUND` for a task, job or incident of a case the actor may not see; its instance id otherwise. */
  async assertPart(actor: Actor, part: CasePart, id: string): Promise<string | undefined> {
    if (!this.condition(actor, 'i')) return undefined;
    const [row] = returnedRows<{ instance_id: string }>(await this.dataSource.query(`SELECT instance_id FROM ${TABLE_OF[part]} WHERE id = $1${andCallerRegion()}`, [id]));
    if (!row || !(await this.mayRead(actor, row.instance_id))) throw new NotFoundError(part[0].toUpperCase() + part.slice(1), id);
    return row.instance_id;
  }

  /**
   * For plain SQL lists: `AND <column> IN (the instances the actor may see)` with positional
   * parameters from `$<first>`; empty when the actor sees every case.
   */
  restriction(actor: Actor, instanceIdColumn: string, first: number): { sql: string; params: unknown[] } {
    const condition = this.condition(actor, 'ri');
    if (!condition) return { sql: '', params: [] };
    const names = Object.keys(condition.params);
    const sql = condition.sql.replace(/:(\w+)/g, (_, name: string) => `$${names.indexOf(name) + first}`);
    return { sql: `AND ${instanceIdColumn} IN (SELECT ri.id FROM process_instance ri WHERE ${sql}${andCallerRegion('ri.')})`, params: Object.values(condition.params) };
  }

  /**
   * The condition (TypeORM named parameters) on the instance alias `alias` that keeps the cases the
   * actor may see; undefined when it sees every case.
   */
  condition(actor: Actor, alias: string): CaseCondition | undefined {
    const scope = caseScopeOf(actor);
    switch (scope.kind) {
      case 'all':
        return undefined;
      case 'owner':
        // its own cases, and those nobody started (a timer or signal start event of a process it may read)
        return { sql: `(${alias}.owner = :caseOwner OR ${alias}.owner IS NULL)`, params: { caseOwner: scope.owner } };
      case 'department':
        return {
          sql: `EXISTS (SELECT 1 FROM task ct JOIN process_instance ci ON ci.id = ct.instance_id
                 WHERE ct.department = :caseDepartment${andCallerRegion('ct.')}${andCallerRegion('ci.')} AND (ci.id = ${alias}.id OR ci.parent_id = ${alias}.id OR ci.id = ${alias}.parent_id))`,
          params: { caseDepartment: scope.department ?? '' },
        };
      default:
        return { sql: 'FALSE', params: {} };
    }
  }
}
