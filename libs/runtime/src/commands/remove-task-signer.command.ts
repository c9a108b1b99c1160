import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { multiInstanceOf, type Command, type InstanceState } from '@tongban/engine';
import { DomainError, NotFoundError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor } from '../instances/command-executor';
import { taskEvents } from '../persistence/task-event.repository';
import { taskHandovers } from '../persistence/task-handover.repository';
import { taskSigners } from '../persistence/task-signer.repository';
import { tasks } from '../persistence/task.repository';
import { operationRefused } from '../tasks/operations/operation-refused.error';
import { signerRefusal } from '../tasks/operations/task-operation-rules';
import { taskAccess } from '../tasks/task-access';
import type { TaskEntity } from '../tasks/task.entity';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Remove-signer command (减签): the holder of a task removes an open signer from it — another inner
 * instance of the same countersign (the engine's `removeInstance`: cancelled, not completed;
 * `nrOfInstances` drops and the completion condition is evaluated again), or a signer's task added
 * before or after it.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task, 404 for a signer task not
 * of its instance; 409 TASK_NOT_ACTIVE unless the task is open, claimed or held for its signers; 403
 * unless the actor is its assignee, a clerk of its department while nobody holds it, or an admin;
 * 409 SIGNERS_REFUSED for a task that is no signer of it, one that has signed or was removed, the task
 * itself, or the last open inner instance of the countersign.
 * ONE transaction (the instance command):
 * 1. the instance row read and locked; both task rows locked as read (a concurrent command → 409);
 * 2. the checks above on the locked engine state; a `task.signer-removed` history row (actor, time,
 *    the removed task, opinion) and a `task.signer-removed` outbox row (topic `task-events`);
 * 3. a countersign's instance: the engine's `modify [{removeInstance}]` (`task.cancelled`); a signer's
 *    task: cancelled, and when it was the last one before the task, the held task comes back;
 * 4. the effects' rows and the instance commit.
 */
@Injectable()
export class RemoveTaskSignerCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, signerTaskId: string, comment: string, actor: Actor): Promise<TaskView> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    const refusal = signerRefusal(task, actor);
    if (refusal) throw operationRefused(refusal, id);
    const signer = await tasks.read(this.dataSource.manager, signerTaskId);
    if (!signer || signer.instanceId !== task.instanceId) throw new NotFoundError('Task', signerTaskId);
    if (signer.id === task.id) throw refused(id, 'a task cannot remove itself; another holder or an admin may remove it');
    if (signer.state !== 'open' && signer.state !== 'claimed') throw refused(id, `task ${signerTaskId} is ${signer.state === 'completed' ? 'signed already' : signer.state}`);
    const now = this.clock.now();
    const command: Command = { type: 'modify', instructions: [] };
    await this.executor.execute(task.instanceId, command, {
      actor: actor.name,
      prepare: async (manager, instance, history) => {
        await taskHandovers.lock(manager, task);
        history.record({ type: 'task.signer-removed', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, removed: signerTaskId, assignee: signer.assignee, department: signer.department, comment } });
        await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.signer-removed', instanceId: task.instanceId, payload: { taskId: id, removed: signerTaskId } });
        if (signer.signOf === task.id) {
          await taskSigners.cancel(manager, signer, now);
          if (signer.signPosition === 'before' && (await taskSigners.pending(manager, task.id)).length === 0) await taskSigners.release(manager, task.id);
          return 'skip-engine';
        }
        await taskHandovers.lock(manager, signer);
        command.instructions = [{ removeInstance: innerKeyToRemove(instance.engineState, task, signer) }];
        return undefined;
      },
    });
    return taskViewOf({ ...signer, state: 'cancelled', endedAt: now });
  }
}

/** The inner instance key of `signer` when it is another open instance of the task's countersign, and not the last one. */
function innerKeyToRemove(state: InstanceState, task: TaskEntity, signer: TaskEntity): string {
  const body = multiInstanceOf(state, task.elementKey);
  if (!body || signer.signOf || multiInstanceOf(state, signer.elementKey)?.bodyKey !== body.bodyKey) {
    throw refused(task.id, `task ${signer.id} is no signer of it`);
  }
  if (body.activeKeys.length <= 1) throw refused(task.id, `task ${signer.id} is the last open signer of the countersign`);
  return signer.elementKey;
}

function refused(id: string, reason: string): DomainError {
  return new DomainError('SIGNERS_REFUSED', `Task ${id}: ${reason}`, { taskId: id, reason });
}
