import { Inject, Injectable } from '@nestjs/common';
import { returnPlan, type Command } from '@tongban/engine';
import { DomainError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { failpoint } from '../failpoints/failpoint';
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
 * gets it again; other parallel branches are not disturbed. Returning from after a join to before its
 * fork is refused unless the model allows it (`tongban:returnAcrossJoin="true"` on the task or the
 * target): then the other branches are cancelled and the case restarts at the target.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task; 409 TASK_NOT_ACTIVE unless
 * open or claimed; 403 unless the actor is its assignee, a clerk of its department while it is open,
 * or an admin.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked;
 * 2. the task row locked as read (a concurrent claim, completion or operation → 409, nothing written);
 * 3. 409 RETURN_TARGET_NOT_ALLOWED (with the reason and the allowed targets) unless the engine's
 *    `returnPlan` allows `toElementId`: a user task completed before it in its own branch, or behind
 *    a join it has passed where the model allows crossing it;
 * 4. a `task.returned` history row with the actor, the time, from, to, whether a join was crossed
 *    and the opinion;
 * 5. the engine's `modify` of the plan — in the branch `[{cancel: task key}, {activateBefore: to}]`,
 *    across a join `[{cancel}… every element instance of the scope, {resetJoins: scope}, {activateBefore: to}]`:
 *    the task (and the other branches' tasks) cancelled (`task.cancelled`), the target's task created
 *    again in its department;
 * 6. a `task.returned` outbox row (topic `task-events`); the effects' rows; the instance commit.
 * Failpoints `return-before-commit` (inside the transaction) and `return-after-commit` (committed,
 * not answered) let the fault suite crash the process mid-way.
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
    const command: Command = { type: 'modify', instructions: [] };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        await taskHandovers.lock(manager, task);
        const model = await this.definitions.model(instance.definitionId, manager);
        const plan = returnPlan(model, instance.engineState, task.elementKey, toElementId);
        if (!plan.allowed) {
          throw new DomainError('RETURN_TARGET_NOT_ALLOWED', `Task ${id} (${task.elementId}) cannot be returned to ${toElementId}: ${plan.reason}`, { toElementId, reason: plan.reason, allowed: plan.targets.map((target) => target.elementId) });
        }
        command.instructions = plan.instructions;
        history.record({ type: 'task.returned', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, from: task.elementId, to: toElementId, ...(plan.acrossJoin && { acrossJoin: true }), comment } });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.returned', instanceId: task.instanceId, payload: { taskId: id, to: toElementId } });
        failpoint('return-before-commit');
      },
    });
    failpoint('return-after-commit');
    return taskViewOf({ ...task, state: 'cancelled', endedAt: now, comment });
  }
}
