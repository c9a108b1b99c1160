import { Inject, Injectable } from '@nestjs/common';
import { engine, type Command } from '@tongban/engine';
import { DomainError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { CommandExecutor } from '../instances/command-executor';
import { taskEvents } from '../persistence/task-event.repository';
import { taskHandovers } from '../persistence/task-handover.repository';
import { tasks } from '../persistence/task.repository';
import { operationRefused } from '../tasks/operations/operation-refused.error';
import { handoverRefusal } from '../tasks/operations/task-operation-rules';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Return command (退回): the case goes back from this task to an earlier user task, whose department
 * gets it again; other parallel branches are not disturbed.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task; 409 TASK_NOT_ACTIVE unless
 * open or claimed; 403 unless the actor is its assignee, a clerk of its department while it is open,
 * or an admin.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. the task row locked as read (a concurrent claim, completion or operation → 409, nothing written);
 * 3. 409 RETURN_TARGET_NOT_ALLOWED unless `toElementId` is one of `engine.returnTargets` for the
 *    task's element instance (the user tasks completed before it in its own branch; a join is not
 *    crossed);
 * 4. a `task.returned` history row with the actor, the time, from, to and the opinion;
 * 5. the engine's `modify [{cancel: task key}, {activateBefore: toElementId}]`: the task is
 *    cancelled (`task.cancelled`) and the target's task created again in its department;
 * 6. a `task.returned` outbox row (topic `task-events`); the effects' rows; the instance commit.
 */
@Injectable()
export class ReturnTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, toElementId: string, comment: string, actor: Actor): Promise<TaskView> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    const refusal = handoverRefusal(task, actor);
    if (refusal) throw operationRefused(refusal, id);
    const now = this.clock.now();
    const command: Command = { type: 'modify', instructions: [{ cancel: task.elementKey }, { activateBefore: toElementId }] };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        await taskHandovers.lock(manager, task);
        const model = await this.definitions.model(instance.definitionId, manager);
        const targets = engine.returnTargets(model, instance.engineState, task.elementKey);
        if (!targets.some((target) => target.elementId === toElementId)) {
          throw new DomainError('RETURN_TARGET_NOT_ALLOWED', `Task ${id} (${task.elementId}) cannot be returned to ${toElementId}`, { toElementId, allowed: targets.map((target) => target.elementId) });
        }
        history.record({ type: 'task.returned', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, from: task.elementId, to: toElementId, comment } });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.returned', instanceId: task.instanceId, payload: { taskId: id, to: toElementId } });
      },
    });
    return taskViewOf({ ...task, state: 'cancelled', endedAt: now, comment });
  }
}
