import type { EntityManager } from 'typeorm';
import { OUTBOX_CHANNEL } from '../outbox/outbox-notifications';
import type { CommandContext } from './command-context';

/**
 * Rows per INSERT statement: PostgreSQL allows at most 65,535 bind parameters per statement, and a
 * command that runs up to its step budget writes tens of thousands of history rows.
 */
const ROWS_PER_STATEMENT = 1000;

/**
 * Writes the task, history and outbox rows a command gathered; part of the command's transaction. Each
 * table gets one multi-row parameterised INSERT (per ROWS_PER_STATEMENT rows), written as plain SQL:
 * this runs on every command, and TypeORM's insert builder cost more CPU than the database did.
 * With outbox rows it also notifies the outbox channel, which PostgreSQL delivers only on commit.
 */
export async function flushCommandContext(ctx: CommandContext, queuePrefix: string): Promise<void> {
  await flushTasks(ctx);
  if (ctx.history.length > 0) {
    await insertValues(
      ctx.manager,
      'history_event (instance_id, type, element_id, element_key, at, actor, data)',
      ctx.history.map((h) => [ctx.instance.id, h.type, h.elementId ?? null, h.elementKey ?? null, h.at ?? ctx.now, ctx.actor, jsonb(h.data)]),
    );
  }
  if (ctx.outbox.length > 0) {
    await insertValues(
      ctx.manager,
      'outbox (queue_prefix, topic, type, instance_id, payload, available_at, created_at)',
      ctx.outbox.map((o) => [queuePrefix, o.topic, o.type, ctx.instance.id, jsonb(o.payload), o.availableAt ?? ctx.now, ctx.now]),
    );
    await ctx.manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, queuePrefix]);
  }
}

/**
 * Inserts the task rows gathered so far in one statement (a bundle's fork creates five at once);
 * appliers that update `task` call it first, so they see every task of the command.
 */
export async function flushTasks(ctx: CommandContext): Promise<void> {
  if (ctx.tasks.length === 0) return;
  const tasks = ctx.tasks.splice(0);
  await insertValues(
    ctx.manager,
    'task (id, instance_id, process_key, element_id, element_key, name, department, candidate_groups, assignee, state, variables, created_at, claimed_at)',
    tasks.map((t) => [
      t.id, ctx.instance.id, ctx.instance.processKey, t.elementId, t.elementKey, t.name, t.department, t.candidateGroups, t.assignee,
      t.assignee ? 'claimed' : 'open', JSON.stringify(t.variables), ctx.now, t.assignee ? ctx.now : null,
    ]),
  );
}

/** A jsonb parameter as TypeORM's insert sent it: JSON text, SQL NULL for null or undefined. */
function jsonb(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

async function insertValues(manager: EntityManager, into: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value) => { params.push(value); return `$${params.length}`; }).join(', ')})`);
    await manager.query(`INSERT INTO ${into} VALUES ${tuples.join(', ')}`, params);
  }
}
