import { Inject, Injectable } from '@nestjs/common';
import type { Command } from '@tongban/engine';
import { RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { newDomainEvent } from '../events/domain-event-entry';
import { CommandExecutor } from '../instances/command-executor';
import { taskEvents } from '../persistence/task-event.repository';
import { taskSigners } from '../persistence/task-signer.repository';
import { tasks } from '../persistence/task.repository';
import { decideCompletion, type DecidedCompletion, type TaskOpinion } from '../tasks/task-decision';
import type { TaskEntity } from '../tasks/task.entity';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Sign command: a signer added before or after a task (加签) completes their own task with a decision
 * and an opinion; the task complete route runs it for a signer's task, after its refusals.
 *
 * ONE transaction (the instance command; every signer of an instance waits for the instance row, so
 * the last signer is known exactly once):
 * 1. the instance row read and locked;
 * 2. the signer's task completed from the state and assignee it was read with (a concurrent command →
 *    409, nothing written) and a `task.signed` history row (actor, time, the task signed for, position,
 *    decision, opinion);
 * 3. when no other signer of that task is still to sign: before it (前加签), the held task comes back as
 *    it was and the engine is not run; after it (后加签), the engine completes the task's wait key
 *    with the completion kept for it, and its `item.decided` event goes to the outbox;
 * 4. a `task.signed` outbox row (topic `task-events`), the effects' rows, the instance commit.
 */
@Injectable()
export class SignTaskCommand {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly definitions: DefinitionService,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(task: TaskEntity, variables: Record<string, unknown> | undefined, actor: Actor, opinion: TaskOpinion): Promise<TaskView> {
    const signOf = task.signOf as string;
    const now = this.clock.now();
    const command: Command = { type: 'completeTask', key: task.elementKey, variables: undefined };
    let decided: DecidedCompletion = { variables, decision: null, comment: null };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        decided = decideCompletion(await this.definitions.model(instance.definitionId, manager), task.elementId, variables, opinion);
        await tasks.transition(manager, task, {
          state: 'completed', assignee: task.assignee ?? actor.name, endedAt: now, completedBy: actor.name, decision: decided.decision, comment: decided.comment,
        });
        history.record({
          type: 'task.signed', elementId: task.elementId, elementKey: task.elementKey, at: now,
          data: { taskId: task.id, signOf, position: task.signPosition ?? 'before', ...(decided.decision !== null && { decision: decided.decision }), ...(decided.comment !== null && { comment: decided.comment }) },
        });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.signed', instanceId: task.instanceId, payload: { taskId: task.id, signOf } });
        if ((await taskSigners.pending(manager, signOf)).length > 0) return 'skip-engine';
        if (task.signPosition !== 'after') {
          await taskSigners.release(manager, signOf);
          return 'skip-engine';
        }
        const signed = await tasks.read(manager, signOf);
        const deferred = signed?.deferredCompletion;
        command.variables = deferred?.variables ?? undefined;
        if (signed && deferred?.decision && signed.department) {
          history.publishEvent(newDomainEvent('item.decided', now, { processInstanceId: task.instanceId }, {
            department: signed.department, decision: deferred.decision, taskId: signed.id, elementId: signed.elementId,
          }));
        }
        return undefined;
      },
    });
    return taskViewOf({ ...task, state: 'completed', endedAt: now, completedBy: actor.name, assignee: task.assignee ?? actor.name, decision: decided.decision, comment: decided.comment });
  }
}
