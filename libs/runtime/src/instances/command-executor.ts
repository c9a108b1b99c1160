import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { engine, type Command, type Effect, type InstanceState, type Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME_CONFIG } from '../config/config.module';
import type { RuntimeConfig } from '../config/runtime-config';
import { DefinitionService, type DefinitionSummary } from '../definitions/definition.service';
import { CommandContext, type PendingHistory } from '../effects/command-context';
import { flushCommandContext, flushInto, flushTasks } from '../effects/command-context.flush';
import { EffectAppliers } from '../effects/effect-appliers';
import { DecisionService } from '../decisions/decision.service';
import { ConflictError, DomainError, NotFoundError } from '../errors/domain.error';
import { failpoint } from '../failpoints/failpoint';
import { OutboxSignal } from '../outbox/outbox-signal';
import { returnedRows } from '../control/returned-rows.util';
import { rowStateOf } from './instance-state.util';
import { ProcessInstanceEntity } from './process-instance.entity';

export interface StartInput {
  definition: DefinitionSummary;
  businessKey?: string | null;
  variables?: Variables;
  actor: string | null;
  /** Set when a call activity starts the instance. */
  parent?: { id: string; elementKey: string };
  /** The start event to start at (message, timer, signal start); the none start event when absent. */
  startEventId?: string;
  /**
   * Runs inside the start transaction before the instance row is written (idempotency keys,
   * unique business keys, message deliveries); throwing rolls everything back.
   */
  prepare?: (manager: EntityManager, instance: ProcessInstanceEntity) => Promise<void>;
}

export interface ExecuteOptions {
  actor: string | null;
  /**
   * Runs inside the transaction before the engine, with the instance as read; guarded writes of
   * the command itself (e.g. the task row) go here. Throwing rolls everything back.
   */
  prepare?: (manager: EntityManager, instance: ProcessInstanceEntity) => Promise<void>;
  /**
   * History rows of the command itself (e.g. `task.completed`), written before the engine's in the
   * command's one multi-row history INSERT, with the command's actor.
   */
  history?: PendingHistory[];
}

/** The instance row as one parameterised SELECT (the hot path's first read; no query building). */
const SELECT_INSTANCE = `SELECT id, definition_id, process_key, definition_version, business_key, parent_id, parent_element_key, state,
                                engine_state, version, suspended, started_by, started_at, ended_at, updated_at
                           FROM process_instance WHERE id = $1`;

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

/** How often a command is re-run after losing the instance version race. */
const VERSION_CONFLICT_ATTEMPTS = 5;

/** Commands a suspended instance still accepts: withdrawal and internal progress already under way. */
const ALLOWED_WHILE_SUSPENDED = new Set<Command['type']>(['cancel', 'continue', 'completeCall', 'escalateCall', 'throwError']);

/** The instance is suspended: it accepts no task completion, job, timer, message or signal until resumed. */
export class InstanceSuspendedError extends DomainError {
  constructor(instanceId: string) {
    super('INSTANCE_SUSPENDED', `Process instance ${instanceId} is suspended`, { instanceId });
  }
}

/** Another command on the instance committed between this command's read and its update. */
export class InstanceVersionConflict extends ConflictError {
  constructor(instanceId: string) {
    super(`Process instance ${instanceId} was changed by another command; retry with fresh state`, { instanceId });
  }
}

/** Applies engine commands durably: one PostgreSQL transaction per command. */
@Injectable()
export class CommandExecutor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly definitions: DefinitionService,
    private readonly appliers: EffectAppliers,
    private readonly outboxSignal: OutboxSignal,
    private readonly decisions: DecisionService,
  ) {}

  /**
   * Start command.
   *
   * The engine runs the new instance to its first wait states; then ONE transaction inserts the
   * `process_instance` row (engine state as jsonb, version 1), an `instance.started` history row,
   * and the rows of every effect (tasks, history, incidents, outbox). Nothing is written when the
   * engine throws. Outbox rows are published after commit.
   */
  async start(input: StartInput): Promise<ProcessInstanceEntity> {
    const now = new Date();
    const model = await this.definitions.model(input.definition.id);
    const result = engine.start(model, { type: 'start', variables: input.variables ?? {}, hasParent: !!input.parent, ...(input.startEventId ? { startEventId: input.startEventId } : {}), ...(input.actor ? { initiator: input.actor } : {}) }, { now: now.getTime(), decisions: await this.decisions.lookupFor(model) });
    const row: ProcessInstanceEntity = {
      id: randomUUID(),
      definitionId: input.definition.id,
      processKey: input.definition.key,
      definitionVersion: input.definition.version,
      businessKey: input.businessKey ?? null,
      parentId: input.parent?.id ?? null,
      parentElementKey: input.parent?.elementKey ?? null,
      state: rowStateOf(result.state),
      engineState: result.state,
      version: 1,
      suspended: false,
      startedBy: input.actor,
      startedAt: now,
      endedAt: result.state.status === 'active' ? null : now,
      updatedAt: now,
    };
    const wroteOutbox = await this.dataSource.transaction(async (manager) => {
      if (input.prepare) await input.prepare(manager, row);
      await manager.query(
        `INSERT INTO process_instance (id, definition_id, process_key, definition_version, business_key, parent_id, parent_element_key, state,
                                       engine_state, version, suspended, started_by, started_at, ended_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [row.id, row.definitionId, row.processKey, row.definitionVersion, row.businessKey, row.parentId, row.parentElementKey, row.state,
          JSON.stringify(row.engineState), row.version, row.suspended, row.startedBy, row.startedAt, row.endedAt, row.updatedAt],
      );
      const ctx = new CommandContext(manager, row, input.actor, now);
      ctx.record({ type: 'instance.started', data: { processKey: row.processKey, version: row.definitionVersion, ...(row.businessKey ? { businessKey: row.businessKey } : {}) } });
      await this.applyEffects(ctx, result.effects);
      return ctx.outbox.length > 0;
    });
    failpoint('after-commit-before-enqueue');
    if (wroteOutbox) this.outboxSignal.ring();
    return row;
  }

  /**
   * Instance command (complete a task, take up a continuation, deliver a child's result, …).
   *
   * ONE transaction:
   * 1. reads the instance row (engine state, version n) — 404 when missing;
   * 2. runs `prepare` (the command's own guarded writes);
   * 3. runs the engine on the stored state;
   * 4. `UPDATE process_instance SET engine_state, state, ended_at, version = version + 1
   *    WHERE id = $1 AND version = n` — zero rows means another command won the race: `ConflictError`
   *    and the whole transaction rolls back, so the loser changes nothing;
   * 5. writes every effect's rows (tasks, history stamped with the command time and actor,
   *    incidents, outbox).
   * A command that lost the version race only because another command on the same instance
   * committed first (e.g. two departments completing parallel tasks at once) is re-run on the new
   * state, up to VERSION_CONFLICT_ATTEMPTS times; its own guarded writes in `prepare` decide whether
   * it may still apply (a task completed by the winner refuses with 409). Outbox rows are published
   * after commit.
   */
  async execute(instanceId: string, command: Command, options: ExecuteOptions): Promise<ProcessInstanceEntity> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.executeOnce(instanceId, command, options);
      } catch (error) {
        if (!(error instanceof InstanceVersionConflict || isDeadlock(error)) || attempt >= VERSION_CONFLICT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  private async executeOnce(instanceId: string, command: Command, options: ExecuteOptions): Promise<ProcessInstanceEntity> {
    const now = new Date();
    const { instance, wroteOutbox } = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(SELECT_INSTANCE, [instanceId])) as InstanceRow[];
      if (!row) throw new NotFoundError('Process instance', instanceId);
      const instance = instanceOf(row);
      if (options.prepare) await options.prepare(manager, instance);
      const model = await this.definitions.model(instance.definitionId, manager);
      const result = engine.execute(model, instance.engineState, command, { now: now.getTime(), decisions: await this.decisions.lookupFor(model, manager) });
      const ctx = new CommandContext(manager, instance, options.actor, now);
      for (const entry of options.history ?? []) ctx.record(entry);
      const allowedWhileSuspended = ALLOWED_WHILE_SUSPENDED.has(command.type);
      let updated: ProcessInstanceEntity;
      if (this.appliers.writesNothingItself(result.effects)) {
        // The appliers only gather rows: the version-checked update, the history and the outbox
        // rows go in one statement (a lost race rolls the whole transaction back), then the tasks.
        await this.appliers.applyAll(ctx, result.effects);
        updated = await this.compareAndSet(manager, instance, result.state, now, allowedWhileSuspended, ctx);
        await flushTasks(ctx);
      } else {
        updated = await this.compareAndSet(manager, instance, result.state, now, allowedWhileSuspended);
        await this.applyEffects(ctx, result.effects);
      }
      return { instance: updated, wroteOutbox: ctx.outbox.length > 0 };
    });
    failpoint('after-commit-before-enqueue');
    if (wroteOutbox) this.outboxSignal.ring();
    return instance;
  }

  /** A suspended instance matches no row unless the command is allowed while suspended. */
  /**
   * With `gathered`, the context's history and outbox rows are written by the same statement (as
   * data-modifying CTEs); on a lost race they are written too, and the caller's transaction rolls back.
   */
  private async compareAndSet(manager: EntityManager, instance: ProcessInstanceEntity, state: InstanceState, now: Date, allowedWhileSuspended: boolean, gathered?: CommandContext): Promise<ProcessInstanceEntity> {
    const rowState = rowStateOf(state);
    const endedAt = state.status === 'active' ? null : instance.endedAt ?? now;
    const params: unknown[] = [instance.id, instance.version, JSON.stringify(state), rowState, endedAt, now, allowedWhileSuspended];
    const update = `UPDATE process_instance
          SET engine_state = $3, state = $4, ended_at = $5, updated_at = $6, version = version + 1
        WHERE id = $1 AND version = $2 AND (NOT suspended OR $7)
        RETURNING version`;
    const combined = gathered && flushInto(gathered, this.config.queuePrefix, params);
    const sql = combined
      ? `WITH updated AS (${update})${combined.ctes.map((cte) => `, ${cte}`).join('')} SELECT version${combined.notify ? `, ${combined.notify}` : ''} FROM updated`
      : update;
    const returned = returnedRows<{ version: number }>(await manager.query(sql, params));
    if (gathered && !combined) await flushCommandContext(gathered, this.config.queuePrefix);
    if (returned.length !== 1) {
      const [current] = (await manager.query(`SELECT suspended FROM process_instance WHERE id = $1`, [instance.id])) as { suspended: boolean }[];
      if (current?.suspended && !allowedWhileSuspended) throw new InstanceSuspendedError(instance.id);
      throw new InstanceVersionConflict(instance.id);
    }
    return { ...instance, engineState: state, state: rowState, endedAt, updatedAt: now, version: Number(returned[0].version) };
  }

  private async applyEffects(ctx: CommandContext, effects: Effect[]): Promise<void> {
    await this.appliers.applyAll(ctx, effects);
    await flushCommandContext(ctx, this.config.queuePrefix);
  }
}

/** PostgreSQL chose this transaction as the victim of a deadlock (e.g. two commands subscribing to the same messages in opposite order); re-running it succeeds. */
function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code === '40P01' || (error as { code?: unknown })?.code === '40P01';
}
