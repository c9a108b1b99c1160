import { activeTraceparent } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import type { CommandContext } from '../effects/command-context';
import { COMMAND_REGION } from '../database/region-filter';
import { outboxWritten } from '../outbox/outbox-signal';

/**
 * Rows per INSERT statement: PostgreSQL allows at most 65,535 bind parameters per statement, and a
 * command that runs up to its step budget writes tens of thousands of history rows.
 */
const ROWS_PER_STATEMENT = 1000;

/** Each INSERT names the distribution column, the instance's region (`COMMAND_REGION`), first. */
const TASK_INTO = 'task (region, id, instance_id, process_key, element_id, element_key, name, department, candidate_groups, assignee, state, variables, created_at, claimed_at)';
const HISTORY_INTO = 'history_event (region, instance_id, type, element_id, element_key, at, actor, data)';
const OUTBOX_INTO = 'outbox (region, queue_prefix, topic, type, instance_id, payload, available_at, created_at, trace_parent)';

/** Statements that carry the gathered history and outbox rows inside another statement (see `asCtes`). */
export interface GatheredRowsCtes {
  /** `name AS (INSERT …)` entries to put after the statement's own `WITH`. */
  ctes: string[];
}

/**
 * The rows a command gathered in its context (tasks, history, outbox), written as plain
 * parameterised SQL inside the command's transaction: this runs on every command, and TypeORM's insert
 * builder cost more CPU than the database did. Outbox rows mark the transaction (`outboxWritten`):
 * the relays are signalled once it committed, never by a NOTIFY inside it.
 */
export const commandRows = {
  /**
   * The gathered history and outbox rows as data-modifying CTEs of a statement whose own parameters
   * are `params` (numbered from $1; the rows' parameters are appended), the transaction marked when
   * there are outbox rows; undefined when there are too many rows for one statement. The CTEs run whether
   * or not the statement's own rows match: a caller that refuses the result must roll back.
   */
  asCtes(ctx: CommandContext, queuePrefix: string, params: unknown[]): GatheredRowsCtes | undefined {
    return commandRows.asCtesOfMany([ctx], queuePrefix, params);
  },

  /**
   * `asCtes` of the rows several commands gathered (commands on instances of one region, committed
   * by one statement): one INSERT each for all their history rows and all their outbox rows.
   */
  asCtesOfMany(contexts: readonly CommandContext[], queuePrefix: string, params: unknown[]): GatheredRowsCtes | undefined {
    let rowCount = 0;
    for (const ctx of contexts) rowCount += ctx.history.length + ctx.outbox.length;
    if (rowCount > ROWS_PER_STATEMENT) return undefined;
    const ctes: string[] = [];
    const add = (name: string, into: string, rows: unknown[][]) => {
      if (rows.length === 0) return;
      ctes.push(`${name} AS (INSERT INTO ${into} VALUES ${tuplesOf(rows, params)})`);
    };
    add('new_history', HISTORY_INTO, contexts.flatMap(historyValues));
    add('new_outbox', OUTBOX_INTO, contexts.flatMap((ctx) => outboxValues(ctx, queuePrefix)));
    const withOutbox = contexts.find((ctx) => ctx.outbox.length > 0);
    if (withOutbox) outboxWritten(withOutbox.manager);
    return { ctes };
  },

  /**
   * Writes every row gathered so far — tasks, history, outbox — in ONE
   * statement (data-modifying CTEs): what a start writes once its instance row is in. More rows than
   * one statement takes are written by `writeTasks` and `writeHistoryAndOutbox`.
   */
  async writeGathered(ctx: CommandContext, queuePrefix: string): Promise<void> {
    if (ctx.tasks.length + ctx.history.length + ctx.outbox.length > ROWS_PER_STATEMENT) {
      await commandRows.writeTasks(ctx);
      await commandRows.writeHistoryAndOutbox(ctx, queuePrefix);
      return;
    }
    const params: unknown[] = [];
    const tasks = taskValues(ctx);
    ctx.tasks.splice(0);
    const rows = commandRows.asCtes(ctx, queuePrefix, params)!;
    const ctes = [...(tasks.length > 0 ? [`new_tasks AS (INSERT INTO ${TASK_INTO} VALUES ${tuplesOf(tasks, params)})`] : []), ...rows.ctes];
    if (ctes.length === 0) return;
    await ctx.manager.query(`WITH ${ctes.join(', ')} SELECT 1`, params);
  },

  /** Writes the gathered history and outbox rows in their own statements (the transaction marked when there are outbox rows). */
  async writeHistoryAndOutbox(ctx: CommandContext, queuePrefix: string): Promise<void> {
    if (ctx.history.length > 0) await insertValues(ctx.manager, HISTORY_INTO, historyValues(ctx));
    if (ctx.outbox.length > 0) {
      await insertValues(ctx.manager, OUTBOX_INTO, outboxValues(ctx, queuePrefix));
      outboxWritten(ctx.manager);
    }
  },

  /**
   * Inserts the task rows gathered so far in one statement (a bundle's fork creates five at once);
   * appliers that update `task` call it first, so they see every task of the command.
   */
  async writeTasks(ctx: CommandContext): Promise<void> {
    if (ctx.tasks.length === 0) return;
    const rows = taskValues(ctx);
    ctx.tasks.splice(0);
    await insertValues(ctx.manager, TASK_INTO, rows);
  },
};

function taskValues(ctx: CommandContext): unknown[][] {
  return ctx.tasks.map((t) => [
    t.id, ctx.instance.id, ctx.instance.processKey, t.elementId, t.elementKey, t.name, t.department, t.candidateGroups, t.assignee,
    t.assignee ? 'claimed' : 'open', JSON.stringify(t.variables), ctx.now, t.assignee ? ctx.now : null,
  ]);
}

function historyValues(ctx: CommandContext): unknown[][] {
  return ctx.history.map((h) => [ctx.instance.id, h.type, h.elementId ?? null, h.elementKey ?? null, h.at ?? ctx.now, h.actor ?? ctx.actor, jsonb(h.data)]);
}

function outboxValues(ctx: CommandContext, queuePrefix: string): unknown[][] {
  const traceParent = activeTraceparent();
  return ctx.outbox.map((o) => [queuePrefix, o.topic, o.type, ctx.instance.id, jsonb(o.payload), o.availableAt ?? ctx.now, ctx.now, traceParent]);
}

/** A jsonb parameter as TypeORM's insert sent it: JSON text, SQL NULL for null or undefined. */
function jsonb(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The rows as VALUES tuples in the command's region, their values appended to `params`. */
function tuplesOf(rows: unknown[][], params: unknown[]): string {
  return rows.map((row) => `(${COMMAND_REGION}, ${row.map((value) => { params.push(value); return `$${params.length}`; }).join(', ')})`).join(', ');
}

async function insertValues(manager: EntityManager, into: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const params: unknown[] = [];
    await manager.query(`INSERT INTO ${into} VALUES ${tuplesOf(rows.slice(i, i + ROWS_PER_STATEMENT), params)}`, params);
  }
}
