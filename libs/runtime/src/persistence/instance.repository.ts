import type { InstanceState } from '@tongban/engine';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../control/returned-rows.util';
import type { CommandContext } from '../effects/command-context';
import { rowStateOf } from '../instances/instance-state.util';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';
import { andCallerRegion, COMMAND_REGION, IN_COMMAND_REGION } from '../database/region-filter';
import { commitWithNextStatement } from '../database/region-connections';
import type { TaskEntity } from '../tasks/task.entity';
import { commandRows } from './command-rows.repository';
import { prefixedTaskColumns, taskOfPrefixed } from './task.repository';

const INSTANCE_COLUMNS = `id, definition_id, process_key, definition_version, business_key, parent_id, parent_element_key, state,
                          engine_state, version, suspended, started_by, started_at, ended_at, updated_at`;

/** `INSTANCE_COLUMNS` of the alias `p`. */
const INSTANCE_COLUMNS_OF_P = INSTANCE_COLUMNS.replace(/(\w+)(,|$)/g, 'p.$1$2');

interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  definition_version: number;
  business_key: string | null;
  parent_id: string | null;
  parent_element_key: string | null;
  state: ProcessInstanceEntity['state'];
  engine_state: InstanceState;
  version: number;
  suspended: boolean;
  started_by: string | null;
  started_at: Date;
  ended_at: Date | null;
  updated_at: Date;
}

function instanceOf(row: InstanceRow): ProcessInstanceEntity {
  return {
    id: row.id,
    definitionId: row.definition_id,
    processKey: row.process_key,
    definitionVersion: row.definition_version,
    businessKey: row.business_key,
    parentId: row.parent_id,
    parentElementKey: row.parent_element_key,
    state: row.state,
    engineState: row.engine_state,
    version: row.version,
    suspended: row.suspended,
    startedBy: row.started_by,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    updatedAt: row.updated_at,
  };
}

/** The verification of a `latest` start definition `d`: no newer version of its key the caller can see. */
const LATEST = ' AND d.version = (SELECT max(l.version) FROM process_definition l WHERE l.key = d.key)';

function instanceValues(row: ProcessInstanceEntity): unknown[] {
  return [row.id, row.definitionId, row.processKey, row.definitionVersion, row.businessKey, row.parentId, row.parentElementKey, row.state,
    JSON.stringify(row.engineState), row.version, row.suspended, row.startedBy, row.startedAt, row.endedAt, row.updatedAt, row.owner ?? null];
}

/** One command's commit in `instances.commitInstances`. */
export interface InstanceCommit {
  ctx: CommandContext;
  read: ProcessInstanceEntity;
  state: InstanceState;
  allowedWhileSuspended: boolean;
}

/** How an instance command's commit came out. */
export type CommitOutcome =
  | { committed: true; instance: ProcessInstanceEntity }
  | { committed: false; suspended: boolean };

/** The `process_instance` rows, as the instance commands read and write them (plain parameterised SQL: the hot path). */
export const instances = {
  /**
   * The instance row for a command, locked until the command's transaction ends (`FOR NO KEY UPDATE`):
   * commands on one instance queue here instead of computing on a state another is about to replace.
   * The lock leaves the row's key alone, so a task command outside the instance lock (a claim) can still
   * insert its history row referencing the instance while a command waits for that task's row: with
   * `FOR UPDATE` the two deadlocked (a 撤回 racing a claim of the next step). The rest of the
   * transaction writes in the instance's region (`tongban.region`), whoever issues it, and fixes it in
   * its WHERE (`IN_COMMAND_REGION`). The lock itself names the region when the caller knows it (`region`,
   * e.g. from the job row it applies a result to) or when the caller's scope is one region; a caller of
   * several regions without the row's region learns it here (a multi-shard read by id).
   */
  async readForCommand(manager: EntityManager, id: string, region?: string): Promise<ProcessInstanceEntity | undefined> {
    const [row] = (await manager.query(
      `SELECT ${INSTANCE_COLUMNS}, set_config('tongban.region', region, true) AS region FROM process_instance WHERE id = $1${region ? ' AND region = $2' : andCallerRegion()} FOR NO KEY UPDATE`,
      region ? [id, region] : [id],
    )) as InstanceRow[];
    return row && instanceOf(row);
  },

  /**
   * `readForCommand` of several instances of one region in one statement (a batch of commands):
   * locked in id order, as a batch of single reads would lock them, so that batches and single
   * commands queue on instance rows in one order. An instance missing is missing from the answer.
   */
  async readManyForCommand(manager: EntityManager, ids: readonly string[], region: string): Promise<Map<string, ProcessInstanceEntity>> {
    const rows = (await manager.query(
      `SELECT ${INSTANCE_COLUMNS}, set_config('tongban.region', region, true) AS region FROM process_instance WHERE id = ANY($1::uuid[]) AND region = $2 ORDER BY id FOR NO KEY UPDATE`,
      [ids, region],
    )) as InstanceRow[];
    return new Map(rows.map((row) => [row.id, instanceOf(row)]));
  },

  /**
   * `readForCommand` of the instance a task belongs to, with the task, found by the task's id and both
   * rows locked in ONE statement (`FOR NO KEY UPDATE OF p, t`: the instance first, then the task, the
   * order every command under the instance lock takes them in): a task command reads and locks its
   * instance and reads its task without a round trip of its own. The task is locked, not just joined, so
   * that a read that waited for the instance's lock re-reads the task's newest version (PostgreSQL
   * re-checks locked rows only): it sees what the command that held the lock wrote, e.g. signers it
   * added after the task (后加签). Undefined when the task is missing or out of the caller's region.
   */
  async readForTaskCommand(manager: EntityManager, taskId: string): Promise<{ instance: ProcessInstanceEntity; task: TaskEntity } | undefined> {
    const [row] = (await manager.query(
      `SELECT ${INSTANCE_COLUMNS_OF_P}, set_config('tongban.region', p.region, true) AS region, ${prefixedTaskColumns('t', 'task.')}
         FROM task t JOIN process_instance p ON p.id = t.instance_id AND p.region = t.region
        WHERE t.id = $1${andCallerRegion('t.')}${andCallerRegion('p.')} FOR NO KEY UPDATE OF p, t`,
      [taskId],
    )) as (InstanceRow & Record<string, unknown>)[];
    return row && { instance: instanceOf(row), task: taskOfPrefixed(row, 'task.') };
  },

  /**
   * The owner of an instance (inherited by the instances its call activities start), in `region` when
   * the caller read it from a row of the case (a call job's outbox row), else in the caller's region when
   * its scope is one region.
   */
  async ownerOf(manager: EntityManager, id: string, region?: string): Promise<string | null> {
    const [row] = returnedRows<{ owner: string | null }>(await manager.query(
      `SELECT owner FROM process_instance WHERE id = $1${region ? ' AND region = $2' : andCallerRegion()}`, region ? [id, region] : [id]));
    return row?.owner ?? null;
  },

  /**
   * How deep the instance is nested in called instances (a root is 1), counting no further than `cap`.
   * A called instance is in its parent's region, so with `region` (the call job's outbox row's) every
   * step of the walk stays in it.
   */
  async depthOf(manager: EntityManager, id: string, cap: number, region?: string): Promise<number> {
    const inRegion = (alias: string) => (region ? ` AND ${alias}region = $3` : andCallerRegion(alias));
    const [row] = returnedRows<{ depth: number }>(await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 1 AS depth FROM process_instance WHERE id = $1${inRegion('')}
         UNION ALL
         SELECT p.id, p.parent_id, up.depth + 1 FROM process_instance p JOIN up ON p.id = up.parent_id WHERE up.depth < $2${inRegion('p.')}
       ) SELECT max(depth)::int AS depth FROM up`,
      region ? [id, cap, region] : [id, cap],
    ));
    return row?.depth ?? 0;
  },

  /**
   * Sets the region a new instance's transaction writes in: its parent's (a call activity), else the
   * caller's own, else (the system starting it: a timer, a message, a signal) its definition's. The
   * parent is read by id alone: a `call.started` job re-published by the stranded-work recovery runs
   * with no region of its own, so this read learns it (multi-shard for a called instance's start).
   * The same statement verifies the definition the start resolved (`StartDefinition`): visible to the
   * caller and, for `latest`, no newer version of its key visible. False when it is not: nothing is set.
   */
  async actInRegionOfNew(manager: EntityManager, parentId: string | null, definition: { id: string; latest: boolean }): Promise<boolean> {
    // a root instance reads no instance row (a read by id of no row would still visit every shard)
    const parent = parentId === null ? '' : '(SELECT region FROM process_instance WHERE id = $2), ';
    const rows = returnedRows<{ region: string }>(await manager.query(
      `SELECT set_config('tongban.region', COALESCE(${parent}NULLIF(current_setting('tongban.region', true), ''), d.region), true) AS region
         FROM process_definition d WHERE d.id = $1${definition.latest ? LATEST : ''}`, parentId === null ? [definition.id] : [definition.id, parentId]));
    return rows.length === 1;
  },

  /** Inserts a new instance row (version 1) in the region `actInRegionOfNew` chose. */
  async insert(manager: EntityManager, row: ProcessInstanceEntity): Promise<void> {
    await manager.query(
      `INSERT INTO process_instance (region, ${INSTANCE_COLUMNS}, owner) VALUES (${COMMAND_REGION}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      instanceValues(row),
    );
  },

  /**
   * `actInRegionOfNew` and `insert` of a root instance in ONE statement: the row is inserted in the
   * caller's region, else its definition's, and that region is set for the rest of the transaction; no
   * row is inserted (false) when the definition fails `actInRegionOfNew`'s verification.
   */
  async insertRoot(manager: EntityManager, row: ProcessInstanceEntity, latest: boolean): Promise<boolean> {
    const result = await manager.query(
      `INSERT INTO process_instance (region, ${INSTANCE_COLUMNS}, owner)
       SELECT set_config('tongban.region', COALESCE(NULLIF(current_setting('tongban.region', true), ''), d.region), true),
              $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16
         FROM process_definition d WHERE d.id = $2${latest ? LATEST : ''}
       RETURNING 1`,
      instanceValues(row),
    );
    return returnedRows(result).length === 1;
  },

  /**
   * Sets `suspended` on a running instance and bumps its version; its state, or undefined when it is
   * missing or has ended. Names the caller's region when its scope is one region; the rest of the
   * transaction (its history row) writes in the instance's region, which the update sets as `tongban.region`.
   */
  async setSuspended(manager: EntityManager, id: string, suspended: boolean, now: Date): Promise<string | undefined> {
    const [row] = returnedRows<{ state: string }>(await manager.query(
      `UPDATE process_instance SET suspended = $2, version = version + 1, updated_at = $3 WHERE id = $1${andCallerRegion()} AND ended_at IS NULL
        RETURNING state, set_config('tongban.region', region, true) AS region`,
      [id, suspended, now],
    ));
    return row?.state;
  },

  async exists(manager: EntityManager, id: string): Promise<boolean> {
    return ((await manager.query(`SELECT 1 FROM process_instance WHERE id = $1`, [id])) as unknown[]).length === 1;
  },

  /** Clears `suspended` inside the caller's transaction (the instance is being cancelled, under its lock: in its region); the version is the commit's to bump. */
  async clearSuspension(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE process_instance SET suspended = false WHERE id = $1 AND ${IN_COMMAND_REGION} AND suspended`, [id]);
  },

  /**
   * Commits a command's new engine state: `UPDATE process_instance SET engine_state, state, ended_at,
   * version = version + 1 WHERE id AND version as read AND (not suspended, unless allowed)`, with the
   * command's gathered history and outbox rows in the SAME statement (data-modifying
   * CTEs; more rows than one statement takes are written right after it). The rows are written
   * whether or not the instance row matched: on `committed: false` the caller must roll back.
   * `last`: the caller read and locked the instance row in this transaction (so the statement cannot
   * match no row: the version and the suspension it checks are those read under the lock) and writes
   * nothing after it: the transaction's COMMIT is written with the statement, in its round trip
   * (`commitWithNextStatement`), when it is one statement.
   */
  async commitInstance(ctx: CommandContext, read: ProcessInstanceEntity, state: InstanceState, allowedWhileSuspended: boolean, queuePrefix: string, last = false): Promise<CommitOutcome> {
    const rowState = rowStateOf(state);
    const endedAt = state.status === 'active' ? null : read.endedAt ?? ctx.now;
    const params: unknown[] = [read.id, read.version, JSON.stringify(state), rowState, endedAt, ctx.now, allowedWhileSuspended];
    const update = `UPDATE process_instance
          SET engine_state = $3, state = $4, ended_at = $5, updated_at = $6, version = version + 1
        WHERE id = $1 AND ${IN_COMMAND_REGION} AND version = $2 AND (NOT suspended OR $7)
        RETURNING version`;
    const rows = commandRows.asCtes(ctx, queuePrefix, params);
    const sql = rows
      ? `WITH updated AS (${update})${rows.ctes.map((cte) => `, ${cte}`).join('')} SELECT version FROM updated`
      : update;
    const committedAhead = last && rows !== undefined && commitWithNextStatement(ctx.manager);
    const returned = returnedRows<{ version: number }>(await ctx.manager.query(sql, params));
    if (!rows) await commandRows.writeHistoryAndOutbox(ctx, queuePrefix);
    if (committedAhead && returned.length !== 1) throw new Error(`Process instance ${read.id}: the commit statement matched no row under the instance's lock`);
    if (returned.length !== 1) {
      const [current] = (await ctx.manager.query(`SELECT suspended FROM process_instance WHERE id = $1 AND ${IN_COMMAND_REGION}`, [read.id])) as { suspended: boolean }[];
      return { committed: false, suspended: current?.suspended === true };
    }
    return { committed: true, instance: { ...read, engineState: state, state: rowState, endedAt, updatedAt: ctx.now, version: Number(returned[0].version) } };
  },

  /**
   * `commitInstance` of several commands on different instances of the transaction's region, in ONE
   * statement: every instance row updated `WHERE id AND version as read AND (not suspended, unless
   * allowed)`, with all the commands' history and outbox rows. Answers the committed
   * instances, or undefined when any instance row did not match (changed or suspended meanwhile): the
   * rows are written regardless, so the caller must then roll back.
   */
  async commitInstances(commits: readonly InstanceCommit[], now: Date, queuePrefix: string): Promise<ProcessInstanceEntity[] | undefined> {
    if (commits.length === 0) return [];
    const manager = commits[0].ctx.manager;
    const params: unknown[] = [now];
    const endedAts = commits.map(({ ctx, read, state }) => (state.status === 'active' ? null : read.endedAt ?? ctx.now));
    const values = commits.map(({ read, state, allowedWhileSuspended }, i) => {
      params.push(read.id, read.version, JSON.stringify(state), rowStateOf(state), endedAts[i], allowedWhileSuspended);
      const at = params.length - 5;
      return `($${at}::uuid, $${at + 1}::int, $${at + 2}::jsonb, $${at + 3}::text, $${at + 4}::timestamptz, $${at + 5}::boolean)`;
    });
    const update = `UPDATE process_instance p
          SET engine_state = c.engine_state, state = c.state, ended_at = c.ended_at, updated_at = $1, version = p.version + 1
         FROM (VALUES ${values.join(', ')}) AS c(id, version, engine_state, state, ended_at, allowed)
        WHERE p.id = c.id AND p.${IN_COMMAND_REGION} AND p.version = c.version AND (NOT p.suspended OR c.allowed)
        RETURNING p.id, p.version`;
    const contexts = commits.map((commit) => commit.ctx);
    const rows = commandRows.asCtesOfMany(contexts, queuePrefix, params);
    const sql = rows
      ? `WITH updated AS (${update})${rows.ctes.map((cte) => `, ${cte}`).join('')} SELECT id, version FROM updated`
      : update;
    const returned = returnedRows<{ id: string; version: number }>(await manager.query(sql, params));
    if (!rows) for (const ctx of contexts) await commandRows.writeHistoryAndOutbox(ctx, queuePrefix);
    if (returned.length !== commits.length) return undefined;
    const versions = new Map(returned.map((row) => [row.id, Number(row.version)]));
    return commits.map(({ read, state }, i) => ({ ...read, engineState: state, state: rowStateOf(state), endedAt: endedAts[i], updatedAt: now, version: versions.get(read.id)! }));
  },
};
