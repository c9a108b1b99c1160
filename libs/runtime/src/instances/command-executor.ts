import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { engine, type Command, type Variables } from '@tongban/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig, ConflictError, DomainError, NotFoundError, commandConflicts, commandDuration, engineEffects, engineSteps, traced, tracingEnabled } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService, type DefinitionSummary, type StartDefinition } from '../definitions/definition.service';
import { CommandContext } from '../effects/command-context';
import { EffectAppliers } from '../effects/effect-appliers';
import { DecisionService } from '../decisions/decision.service';
import { failpoint } from '../failpoints/failpoint';
import { TaskCreationListeners } from '../tasks/task-creation.listener';
import { commandRows } from '../persistence/command-rows.repository';
import { instances, type InstanceCommit } from '../persistence/instance.repository';
import { tasks } from '../persistence/task.repository';
import type { TaskEntity } from '../tasks/task.entity';
import { rowStateOf } from './instance-state.util';
import { ProcessInstanceEntity } from './process-instance.entity';

export interface StartInput {
  /**
   * The definition to start; a `StartDefinition` (`DefinitionService.findForStart`) is verified in the
   * start's first statement and resolved again when it is no longer visible to the caller or no longer
   * the latest.
   */
  definition: DefinitionSummary | StartDefinition;
  businessKey?: string | null;
  variables?: Variables;
  actor: string | null;
  /** The owner of the case (`ownerOf` the starting principal); a called instance inherits its parent's. */
  owner?: string | null;
  /** Set when a call activity starts the instance. */
  parent?: { id: string; elementKey: string; region?: string };
  /** The start event to start at (message, timer, signal start); the none start event when absent. */
  startEventId?: string;
  /**
   * Runs inside the start transaction before the instance row is written (idempotency keys,
   * unique business keys, message deliveries); throwing rolls everything back.
   */
  prepare?: (manager: EntityManager, instance: ProcessInstanceEntity) => Promise<void>;
}

/** Where a command's own history rows and domain events go (written before the engine's, in the command's commit statement), and the tasks it ended itself. */
export type CommandHistory = Pick<CommandContext, 'record' | 'publishEvent' | 'taskEnded'>;

/** The instance a command acts on: by its id, or as the instance of a task (read and locked in one statement). */
export type CommandTarget = string | { taskId: string };

export interface ExecuteOptions {
  actor: string | null;
  /** The instance's region when the caller read it from a row of the case (a job's, a timer's): the lock names it. */
  region?: string;
  /**
   * The command's refusals, run once the instance row is read and locked and before the instance's
   * own (suspended): what the command reads here is current under the lock. `task`: the task of a
   * `{ taskId }` target, read and locked with the instance. Throwing rolls back; nothing was written.
   */
  admit?: (manager: EntityManager, instance: ProcessInstanceEntity, task?: TaskEntity) => Promise<void>;
  /**
   * The command's own guarded writes (e.g. the task row), run inside the transaction once the instance
   * row is read and locked, before the engine; its history rows go to `history`. Throwing rolls
   * everything back. Answering `'skip-engine'` commits the command's own writes with the instance
   * state unchanged (its version still moves on, so the command is ordered with the others): 加签
   * bookkeeping that owes the engine nothing yet.
   */
  prepare?: (manager: EntityManager, instance: ProcessInstanceEntity, history: CommandHistory) => Promise<void | 'skip-engine'>;
  /**
   * Runs once the effects are applied, before the commit: the command may adjust the rows they
   * gathered (撤回 gives the task it re-activates to the person who withdrew).
   */
  gathered?: (ctx: CommandContext) => void;
}

/** One instance command of a batch (`CommandExecutor.executeAll`). */
export interface BatchedCommand {
  target: CommandTarget;
  command: Command;
  options: ExecuteOptions;
}

/**
 * The guarded writes of a batch of commands done for all of them at once (`CommandExecutor.executeAll`
 * with it): e.g. the job rows of a batch of results in one UPDATE. Used only when every command of the
 * batch names its instance by id and region, all in one region and no instance twice; otherwise, and
 * when the batch falls back to each command alone, each command's own `prepare` runs instead.
 */
export interface BatchedPrepare {
  /**
   * Runs once every instance of the batch is read and locked (in their region), before any engine runs:
   * the writes of the commands at `indexes` (of the batch's items). Answers the commands it refuses
   * (index → the error `execute` would throw; such a command must have written nothing here): they are
   * answered so and left out, the others applied. Throwing rolls the batch back.
   */
  all(manager: EntityManager, indexes: readonly number[]): Promise<Map<number, unknown>>;
  /** What is left of the command's own `prepare` once `all` has run (e.g. a participant's rows). */
  each?: (index: number, manager: EntityManager, instance: ProcessInstanceEntity, history: CommandHistory) => Promise<void>;
}

/** How often a start resolves its definition's key again after its first statement refused the definition. */
const START_DEFINITION_ATTEMPTS = 3;

/** A start's first statement refused its definition (no longer visible, or no longer the latest): the transaction rolls back. */
class DefinitionRefused extends Error {}

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
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly decisions: DecisionService,
    private readonly taskListeners: TaskCreationListeners,
  ) {}

  /**
   * Start command.
   *
   * The engine runs the new instance to its first wait states; then ONE transaction:
   * 1. chooses the instance's region (its parent's, else the caller's, else its definition's) and
   *    verifies the definition (`instances.actInRegionOfNew`): still visible to the caller and, for a
   *    key's `latest`, still the latest — else nothing is written, the key is resolved again and the
   *    start re-run (a version deployed by another process since this one remembered the key's latest);
   * 2. runs `prepare` (idempotency keys, unique business keys, message deliveries, the application);
   * 3. inserts the `process_instance` row (engine state as jsonb, version 1) — a root instance without
   *    `prepare` in the statement of step 1 (`instances.insertRoot`);
   * 4. applies the effects (appliers write the rows of their own capability: timers, jobs, …);
   * 5. writes the new tasks, the `instance.started` and the effects' history rows and the outbox rows,
   *    in ONE statement (`commandRows.writeGathered`);
   * 6. lets the task creation listeners add their rows (a task's time limit clock).
   * Nothing is written when the engine throws. Outbox rows are published after commit.
   */
  async start(input: StartInput): Promise<ProcessInstanceEntity> {
    return measured('start', async () => {
      let definition = input.definition;
      for (let attempt = 1; ; attempt++) {
        const started = await this.startOnce(input, definition);
        if (started) return started;
        if (attempt >= START_DEFINITION_ATTEMPTS) throw new ConflictError(`Process definition ${definition.key} changed while the instance started; retry`, { processKey: definition.key });
        const latest = 'latest' in definition && definition.latest;
        definition = await this.definitions.findForStart(definition.key, latest ? undefined : definition.version, { fresh: true });
      }
    });
  }

  /** One start from `definition`; undefined (nothing written) when its first statement refused the definition. */
  private async startOnce(input: StartInput, definition: DefinitionSummary | StartDefinition): Promise<ProcessInstanceEntity | undefined> {
    const now = this.clock.now();
    const latest = 'latest' in definition && definition.latest;
    const model = await this.definitions.model(definition.id);
    const result = engine.start(model, { type: 'start', variables: input.variables ?? {}, hasParent: !!input.parent, ...(input.startEventId ? { startEventId: input.startEventId } : {}), ...(input.actor ? { initiator: input.actor } : {}) }, { now: now.getTime(), decisions: await this.decisions.lookupFor(model), maxCardinality: this.config.maxCardinality });
    countEngineRun('start', result.effects);
    const row: ProcessInstanceEntity = {
      id: randomUUID(),
      definitionId: definition.id,
      processKey: definition.key,
      definitionVersion: definition.version,
      businessKey: input.businessKey ?? null,
      parentId: input.parent?.id ?? null,
      parentElementKey: input.parent?.elementKey ?? null,
      state: rowStateOf(result.state),
      engineState: result.state,
      version: 1,
      suspended: false,
      startedBy: input.actor,
      owner: input.parent ? await instances.ownerOf(this.dataSource.manager, input.parent.id, input.parent.region) : input.owner ?? null,
      startedAt: now,
      endedAt: result.state.status === 'active' ? null : now,
      updatedAt: now,
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        // 1.–3. the region, the definition's verification, the instance row
        if (!input.parent && !input.prepare) {
          if (!(await instances.insertRoot(manager, row, latest))) throw new DefinitionRefused();
        } else {
          if (!(await instances.actInRegionOfNew(manager, input.parent?.id ?? null, { id: definition.id, latest }))) throw new DefinitionRefused();
          if (input.prepare) await input.prepare(manager, row);
          await instances.insert(manager, row);
        }
        // 4.–6. the effects, the gathered rows, the listeners
        const ctx = new CommandContext(manager, row, input.actor, now);
        ctx.record({ type: 'instance.started', data: { processKey: row.processKey, version: row.definitionVersion, ...(row.businessKey ? { businessKey: row.businessKey } : {}) } });
        await this.appliers.applyAll(ctx, result.effects);
        const createdTasks = ctx.createdTasks.map((task) => ({ ...task, instanceStarted: true }));
        await commandRows.writeGathered(ctx, this.config.queuePrefix);
        await this.taskListeners.notify(manager, createdTasks);
      });
    } catch (error) {
      if (error instanceof DefinitionRefused) return undefined;
      throw error;
    }
    failpoint('after-commit-before-enqueue');
    return row;
  }

  /**
   * Instance command (complete a task, take up a continuation, deliver a child's result, …).
   *
   * ONE transaction, always in this order:
   * 1. reads the instance row (engine state, version n) and locks it (`FOR UPDATE`), by its id or as
   *    the instance of a task (then with the task row, read and locked in the same statement): commands
   *    on one instance queue here — 404 when missing; then the
   *    command's own refusals (`admit`); 409 INSTANCE_SUSPENDED when suspended (unless the command is
   *    allowed while suspended);
   * 2. runs `prepare`, the command's own guarded writes and history rows;
   * 3. runs the engine on the stored state (not when `prepare` answered `'skip-engine'`);
   * 4. applies every effect: appliers gather task, history and outbox rows, and write the rows of
   *    their own capability (timers, jobs, subscriptions, incidents); then the task lifecycle listeners
   *    are told, in one call, every task the command ended (its own completion, its cancelled tasks):
   *    a task's time limit clock ends in this transaction;
   * 5. commits the instance: `UPDATE process_instance SET engine_state, state, ended_at,
   *    version = version + 1 WHERE id AND version = n`, the history rows (stamped with the command
   *    time and actor), the outbox rows in ONE statement — zero rows matched means the
   *    instance changed after all: `ConflictError`, and the whole transaction rolls back; when the
   *    command creates no task this is the transaction's last statement and its COMMIT is written
   *    with it, in its round trip (the row was locked in step 1, so it cannot match no row);
   * 6. inserts the new tasks' rows in one statement, and lets the task creation listeners add theirs
   *    (a task's time limit clock).
   * Every row it writes is in the instance's region (step 1 sets it), whoever issues the command.
   * A command that still loses (a deadlock between two instances' commands) is re-run on the new
   * state, up to VERSION_CONFLICT_ATTEMPTS times; its guarded writes in `prepare` decide whether it may
   * still apply (a task completed meanwhile refuses with 409). Outbox rows are published after commit.
   */
  async execute(target: CommandTarget, command: Command, options: ExecuteOptions): Promise<ProcessInstanceEntity> {
    return measured(command.type, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.executeOnce(target, command, options);
        } catch (error) {
          if (!(error instanceof InstanceVersionConflict || isDeadlock(error)) || attempt >= VERSION_CONFLICT_ATTEMPTS) throw error;
          commandConflicts.inc({ command: command.type });
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        }
      }
    });
  }

  /**
   * Several instance commands in ONE transaction (one connection, one commit): what a worker does with
   * the results it holds at once, and what an api does with the task completions that arrived together
   * (`CommandGroup`). The instances of task targets are looked up first, in one statement that locks
   * nothing (a task never changes instance); a task that names no instance is answered 404 as
   * `execute` would, outside the batch. Each command is then applied exactly as `execute` applies it
   * (steps 1–6), in the order of their instance ids, so that two such batches lock instance rows in
   * the same order and never deadlock on them; commands of one instance are applied one after the
   * other in the order given, the later reading the earlier's writes under the lock the transaction
   * already holds. When any of them fails (a refusal, a lost race, a deadlock), the whole transaction
   * rolls back and each command is run again on its own with `execute`, with its own re-runs and
   * refusal: a failure of one command never fails nor applies twice the others. Answers each
   * command's outcome, in the order given, once the transaction committed.
   * With `batched` (the commands' guarded writes done for all at once) and commands on different
   * instances of one region named by id, the batch is applied set-based (`applyTogether`): a few
   * statements for the whole batch instead of three or more per command, same refusals, same fallback.
   */
  async executeAll(items: readonly BatchedCommand[], batched?: BatchedPrepare): Promise<PromiseSettledResult<ProcessInstanceEntity>[]> {
    const alone = () => Promise.allSettled(items.map((item) => this.execute(item.target, item.command, item.options)));
    if (items.length <= 1) return alone();
    const now = this.clock.now();
    const label = items.every((item) => item.command.type === items[0].command.type) ? items[0].command.type : 'batch';
    const outcomes = new Array<PromiseSettledResult<ProcessInstanceEntity>>(items.length);
    const region = batched ? oneRegionOf(items) : undefined;
    try {
      if (batched && region !== undefined) {
        await measured(label, () => this.dataSource.transaction(async (manager) => {
          await this.applyTogether(manager, items, region, batched, now, outcomes);
        }));
      } else await measured(label, () => this.dataSource.transaction(async (manager) => {
        const order = await lockOrder(manager, items);
        for (const i of order.missing) outcomes[i] = { status: 'rejected', reason: new NotFoundError('Task', (items[i].target as { taskId: string }).taskId) };
        for (const [k, i] of order.applied.entries()) {
          // the last command's commit statement may end the transaction (`applyIn`'s `last`)
          outcomes[i] = { status: 'fulfilled', value: await this.applyIn(manager, items[i].target, items[i].command, items[i].options, now, k === order.applied.length - 1) };
        }
      }));
    } catch {
      return alone();
    }
    failpoint('after-commit-before-enqueue');
    return outcomes;
  }

  private async executeOnce(target: CommandTarget, command: Command, options: ExecuteOptions): Promise<ProcessInstanceEntity> {
    const now = this.clock.now();
    const instance = await this.dataSource.transaction((manager) => this.applyIn(manager, target, command, options, now, true));
    failpoint('after-commit-before-enqueue');
    return instance;
  }

  /**
   * Steps 1–6 of commands on different instances of one region, set-based: the instances read and
   * locked in one statement (id order), the batch's own writes (`batched.all`), then each command's
   * engine run and effects, and ONE commit statement for every instance row with all the history and
   * outbox rows. A command refused before anything of it is written (its instance missing or
   * suspended, its own writes refused by `batched.all`) is answered as `execute` would answer it and
   * left out; a failure after that (a lost race, an engine error) throws: the caller rolls back and
   * applies each command alone. Fills `outcomes`.
   */
  private async applyTogether(manager: EntityManager, items: readonly BatchedCommand[], region: string, batched: BatchedPrepare, now: Date, outcomes: PromiseSettledResult<ProcessInstanceEntity>[]): Promise<void> {
    const ids = items.map((item) => item.target as string);
    const reads = await instances.readManyForCommand(manager, ids, region);
    const locked: number[] = [];
    for (const i of items.map((_, k) => k).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0))) {
      const read = reads.get(ids[i]);
      if (!read) outcomes[i] = { status: 'rejected', reason: new NotFoundError('Process instance', ids[i]) };
      else if (read.suspended && !ALLOWED_WHILE_SUSPENDED.has(items[i].command.type)) outcomes[i] = { status: 'rejected', reason: new InstanceSuspendedError(read.id) };
      else locked.push(i);
    }
    for (const i of locked) if (items[i].options.admit) await items[i].options.admit!(manager, reads.get(ids[i])!);
    const refused = locked.length > 0 ? await batched.all(manager, locked) : new Map<number, unknown>();
    for (const [i, reason] of refused) outcomes[i] = { status: 'rejected', reason };
    const order = locked.filter((i) => !refused.has(i));
    const commits: InstanceCommit[] = [];
    for (const i of order) {
      const { command, options } = items[i];
      const read = reads.get(ids[i])!;
      const ctx = new CommandContext(manager, read, options.actor, now);
      if (batched.each) await batched.each(i, manager, read, ctx);
      const result = await this.run(read, command, now, manager);
      countEngineRun(command.type, result.effects);
      await this.appliers.applyAll(ctx, result.effects);
      options.gathered?.(ctx);
      commits.push({ ctx, read, state: result.state, allowedWhileSuspended: ALLOWED_WHILE_SUSPENDED.has(command.type) });
    }
    const committed = await instances.commitInstances(commits, now, this.config.queuePrefix);
    if (!committed) throw new InstanceVersionConflict(order.map((i) => ids[i]).join(', '));
    order.forEach((i, k) => { outcomes[i] = { status: 'fulfilled', value: committed[k] }; });
    for (const { ctx } of commits) {
      await commandRows.writeTasks(ctx);
      await this.taskListeners.notify(manager, ctx.createdTasks);
    }
  }

  /**
   * Steps 1–6 of an instance command inside the caller's transaction. `last`: the transaction writes
   * nothing after this command, so when the command creates no task the instance commit (step 5) is
   * the transaction's last statement and its COMMIT is written with it, in one round trip
   * (`instances.commitInstance`).
   */
  private async applyIn(manager: EntityManager, target: CommandTarget, command: Command, options: ExecuteOptions, now: Date, last = false): Promise<ProcessInstanceEntity> {
    const allowedWhileSuspended = ALLOWED_WHILE_SUSPENDED.has(command.type);
    // 1. read and lock
    const withTask = typeof target === 'string' ? undefined : await instances.readForTaskCommand(manager, target.taskId);
    const read = typeof target === 'string' ? await instances.readForCommand(manager, target, options.region) : withTask?.instance;
    if (!read) throw typeof target === 'string' ? new NotFoundError('Process instance', target) : new NotFoundError('Task', target.taskId);
    const instanceId = read.id;
    if (options.admit) await options.admit(manager, read, withTask?.task);
    if (read.suspended && !allowedWhileSuspended) throw new InstanceSuspendedError(instanceId);
    const ctx = new CommandContext(manager, read, options.actor, now);
    // 2. the command's own writes
    const prepared = options.prepare ? await options.prepare(manager, read, ctx) : undefined;
    // 3. the engine
    const result = prepared === 'skip-engine' ? { state: read.engineState, effects: [] } : await this.run(read, command, now, manager);
    countEngineRun(command.type, result.effects);
    // 4. the effects
    await this.appliers.applyAll(ctx, result.effects);
    options.gathered?.(ctx);
    // 5. the instance, history, outbox and notification
    const endsTransaction = last && ctx.tasks.length === 0 && ctx.createdTasks.length === 0;
    const outcome = await instances.commitInstance(ctx, read, result.state, allowedWhileSuspended, this.config.queuePrefix, endsTransaction);
    if (!outcome.committed) throw outcome.suspended && !allowedWhileSuspended ? new InstanceSuspendedError(instanceId) : new InstanceVersionConflict(instanceId);
    // 6. the new tasks
    await commandRows.writeTasks(ctx);
    await this.taskListeners.notify(manager, ctx.createdTasks);
    return outcome.instance;
  }


  private async run(read: ProcessInstanceEntity, command: Command, now: Date, manager: EntityManager): Promise<ReturnType<typeof engine.execute>> {
    const model = await this.definitions.model(read.definitionId, manager);
    return engine.execute(model, read.engineState, command, { now: now.getTime(), decisions: await this.decisions.lookupFor(model, manager), maxCardinality: this.config.maxCardinality });
  }
}

/** The one region of a batch whose commands all name their instance by id and region, no instance twice; else undefined. */
function oneRegionOf(items: readonly BatchedCommand[]): string | undefined {
  const region = items[0].options.region;
  if (!region) return undefined;
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item.target !== 'string' || item.options.region !== region || seen.has(item.target)) return undefined;
    seen.add(item.target);
  }
  return region;
}

/**
 * The order a batch applies its commands in: by instance id, commands of one instance in the order
 * given; the instances of task targets read in one statement. Tasks that name no instance are left out.
 */
async function lockOrder(manager: EntityManager, items: readonly BatchedCommand[]): Promise<{ applied: number[]; missing: number[] }> {
  const taskIds = items.flatMap((item) => (typeof item.target === 'string' ? [] : [item.target.taskId]));
  const instanceOfTask = taskIds.length > 0 ? await tasks.instancesOf(manager, taskIds) : new Map<string, string>();
  const instanceIds = items.map((item) => (typeof item.target === 'string' ? item.target : instanceOfTask.get(item.target.taskId)));
  const indexes = items.map((_, i) => i);
  const applied = indexes.filter((i) => instanceIds[i] !== undefined).sort((a, b) => (instanceIds[a]! < instanceIds[b]! ? -1 : instanceIds[a]! > instanceIds[b]! ? 1 : a - b));
  return { applied, missing: indexes.filter((i) => instanceIds[i] === undefined) };
}

/** Times a command (with its re-runs) into `tongban_command_duration_seconds` by its outcome. */
async function measured<T>(command: string, run: () => Promise<T>): Promise<T> {
  const end = commandDuration.startTimer({ command });
  try {
    const result = tracingEnabled() ? await traced(`command ${command}`, 'internal', run) : await run();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: error instanceof ConflictError ? 'conflict' : error instanceof DomainError ? 'refused' : 'error' });
    throw error;
  }
}

function countEngineRun(command: string, effects: ReadonlyArray<{ type: string }>): void {
  engineSteps.inc({ command });
  for (const effect of effects) engineEffects.inc({ effect: effect.type });
}

/** PostgreSQL chose this transaction as the victim of a deadlock (e.g. two commands subscribing to the same messages in opposite order); re-running it succeeds. */
function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code === '40P01' || (error as { code?: unknown })?.code === '40P01';
}
