import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { engine, EngineError, type MigrationMapping } from '@tongban/engine';
import { DomainError, NotFoundError, RUNTIME_CONFIG, type RuntimeConfig } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { CommandContext } from '../effects/command-context';
import { EffectAppliers } from '../effects/effect-appliers';
import { InstanceSuspendedError, InstanceVersionConflict } from '../instances/command-executor';
import type { ProcessInstanceEntity } from '../instances/process-instance.entity';
import { commandRows } from '../persistence/command-rows.repository';
import { instances } from '../persistence/instance.repository';
import { migrationRows } from '../persistence/migration-rows.repository';

/** Where a running instance goes: a deployed definition (a version of the same process) and element mappings. */
export interface InstanceMigration {
  targetDefinitionId: string;
  /** Source element id → target element id; elements with the same id map without one. */
  mappings: MigrationMapping[];
}

/** One instance's answer in a batch migration. */
export interface BatchMigrationItem {
  instanceId: string;
  status: 'migrated' | 'refused';
  /** The refusal's code (MIGRATION_REFUSED, INSTANCE_NOT_ACTIVE, INSTANCE_SUSPENDED, NOT_FOUND, CONFLICT). */
  code?: string;
  reason?: string;
}

/** The most instances one batch request migrates (each in its own transaction). */
export const MAX_BATCH_MIGRATION = 1000;

/**
 * Instance migration command (admins): moves a running instance onto another version of its process,
 * as Camunda 8's `MigrateProcessInstance`. Its open tasks keep their ids, assignees, drafts and clocks;
 * jobs and call activities keep theirs; mapped timers keep their due time; timers and message or
 * signal subscriptions the target adds are opened, those it drops closed.
 *
 * Refusals (nothing written): 404 for a missing instance or target definition; 409 MIGRATION_REFUSED
 * for a target of another process or a mapping the engine refuses (the message names every reason:
 * an active element without counterpart, a type or multi-instance change, a token changing scope…);
 * 409 INSTANCE_NOT_ACTIVE once ended; 409 INSTANCE_SUSPENDED while suspended.
 * ONE transaction:
 * 1. the instance row read and locked (`FOR UPDATE`);
 * 2. the target definition read; the engine's `migrate` on the stored state, source and target models;
 * 3. an `instance.migration` history row (actor, source and target definitions and versions, the
 *    mappings and every element instance that changed element), before the engine's `instance.migrated`;
 * 4. the rows of the moved keys renamed (tasks, jobs, timers, message and signal subscriptions, open
 *    incidents), the instance row and its scheduled timers pointed at the target definition;
 * 5. the effects' rows (timers and subscriptions opened or closed); the instance commit (version + 1).
 */
@Injectable()
export class MigrateInstanceCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly definitions: DefinitionService,
    private readonly appliers: EffectAppliers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, migration: InstanceMigration, actor: string): Promise<ProcessInstanceEntity> {
    const now = this.clock.now();
    const { instance } = await this.dataSource.transaction(async (manager) => {
      // 1. read and lock
      const read = await instances.readForCommand(manager, id);
      if (!read) throw new NotFoundError('Process instance', id);
      if (read.endedAt) throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${id} has ended`, { instanceId: id });
      if (read.suspended) throw new InstanceSuspendedError(id);
      // 2. the target and the engine
      const target = await this.definitions.summary(migration.targetDefinitionId, manager);
      if (target.key !== read.processKey) {
        throw new DomainError('MIGRATION_REFUSED', `Target definition ${target.id} is a version of ${target.key}; instance ${id} runs ${read.processKey}`, { instanceId: id, targetDefinitionId: target.id });
      }
      const source = await this.definitions.model(read.definitionId, manager);
      const result = migrate(id, () => engine.migrate(source, target.model, read.engineState, migration.mappings, { now: now.getTime() }));
      const ctx = new CommandContext(manager, { ...read, definitionId: target.id } as ProcessInstanceEntity, actor, now);
      // 3. the command's own history
      ctx.record({
        type: 'instance.migration',
        data: {
          sourceDefinitionId: read.definitionId, sourceVersion: read.definitionVersion,
          targetDefinitionId: target.id, targetVersion: target.version,
          mappings: migration.mappings.map((m) => ({ source: m.source, target: m.target })),
          moved: result.moved.map((m) => ({ ...m })),
        },
      });
      // 4. the rows of the moved keys, the instance and its timers onto the target
      await migrationRows.rename(manager, id, result.moved, target.model);
      await migrationRows.renameIncidents(manager, id, result.state);
      await migrationRows.repoint(manager, id, target);
      // 5. the effects and the commit
      await this.appliers.applyAll(ctx, result.effects);
      const outcome = await instances.commitInstance(ctx, read, result.state, false, this.config.queuePrefix);
      if (!outcome.committed) throw outcome.suspended ? new InstanceSuspendedError(id) : new InstanceVersionConflict(id);
      await commandRows.writeTasks(ctx);
      const migrated = { ...outcome.instance, definitionId: target.id, definitionVersion: target.version };
      return { instance: migrated };
    });
    return instance;
  }

  /**
   * Batch form: the running instances of the source definition (all, or those of `instanceIds`) move
   * one by one, each in its own transaction, and each answers migrated or refused with the reason;
   * an id that is no running instance of the source definition is refused without being touched.
   */
  async runBatch(sourceDefinitionId: string, migration: InstanceMigration & { instanceIds?: string[] }, actor: string): Promise<BatchMigrationItem[]> {
    await this.definitions.summary(sourceDefinitionId);
    await this.definitions.summary(migration.targetDefinitionId);
    const running = await this.runningInstancesOf(sourceDefinitionId, migration.instanceIds);
    const ids = migration.instanceIds ?? running;
    const items: BatchMigrationItem[] = [];
    for (const instanceId of ids) {
      if (!running.includes(instanceId)) {
        items.push({ instanceId, status: 'refused', code: 'NOT_FOUND', reason: `${instanceId} is no running instance of definition ${sourceDefinitionId}` });
        continue;
      }
      try {
        await this.run(instanceId, migration, actor);
        items.push({ instanceId, status: 'migrated' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        items.push({ instanceId, status: 'refused', code: error.code, reason: error.message });
      }
    }
    return items;
  }

  private async runningInstancesOf(definitionId: string, only: string[] | undefined): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM process_instance WHERE definition_id = $1 AND ended_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
        ORDER BY started_at, id LIMIT $2`,
      [definitionId, MAX_BATCH_MIGRATION, only ?? null],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }
}

/** Runs the engine's migration; its refusal becomes the API's 409 MIGRATION_REFUSED. */
function migrate<T>(instanceId: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EngineError && error.code === 'MIGRATION_REFUSED') throw new DomainError('MIGRATION_REFUSED', error.message, { instanceId });
    if (error instanceof EngineError && error.code === 'INSTANCE_NOT_ACTIVE') throw new DomainError('INSTANCE_NOT_ACTIVE', `Process instance ${instanceId} has ended`, { instanceId });
    throw error;
  }
}
