import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import type { Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { DefinitionService } from '../definitions/definition.service';
import { CommandGroup } from '../instances/command-group';
import { taskSigners } from '../persistence/task-signer.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import type { TaskEntity } from '../tasks/task.entity';
import { TaskCompletionGuards } from '../tasks/task-completion.guard';
import { newDomainEvent } from '../events/domain-event-entry';
import { decideCompletion, type DecidedCompletion, type TaskOpinion } from '../tasks/task-decision';
import { taskViewOf, type TaskView } from '../tasks/task.view';
import { SignTaskCommand } from './sign-task.command';

/**
 * Complete-task command: a clerk of the task's department (or an admin) completes a user task with
 * a decision (`approve`, `reject` or one the model declares), a written opinion and variables, and
 * the instance advances to its next wait states.
 *
 * ONE transaction (the instance command, `CommandExecutor.execute`) on one pooled connection: the
 * instance row and the task row are read and locked by the task's id in one statement, the task's
 * newest version once the instance's lock is held. While
 * the api's group commit slots are all busy, completions that arrive share one transaction
 * (`CommandGroup`), each applied as below; a refused one rolls the group back and every one of them
 * runs again alone, so each caller gets its own answer.
 * Refusals, before anything is written:
 * 1. 404 for a missing task, 403 for another department's task or a department the actor may not
 *    work on;
 * 2. 409 TASK_NOT_ACTIVE unless open or claimed; 409 TASK_CLAIMED when claimed by someone else
 *    (an admin may complete it anyway); 409 TASK_DELEGATED while a delegate works it (委派: they resolve it,
 *    then the owner completes it);
 * 3. the completion guards other packages registered (a bundle's approval step needs its
 *    decision: 400), given the instance's definition;
 * 4. 409 INSTANCE_SUSPENDED while the instance is suspended.
 * Then, in the same transaction:
 * 1. (the instance row is already read and locked);
 * 2. the decision is checked against the task's element (`decideCompletion`: a declared decision, or
 *    `approve`/`reject`; 400 otherwise) and added to the variables under the task's decision variable;
 * 3. `UPDATE task SET state = 'completed', ended_at, completed_by, assignee, decision, comment WHERE
 *    id AND state AND assignee` as read — a concurrent claim or completion makes it match no row →
 *    409 and nothing is written — and a `task.completed` history row with the actor, the decision,
 *    the opinion and the names and values of the variables the step wrote, and with a decision the
 *    `item.decided` event in the outbox; the task's time limit clock ends with it (`TaskLifecycle`);
 * 4. the engine completes the task's wait key with those variables — unless signers were added after
 *    the task (后加签, seen in the task as read under the instance lock): then their tasks are created, the
 *    completion is kept on the task (`deferred_completion`) and the engine waits for the last of
 *    them to sign (`SignTaskCommand`), the `item.decided` event with it;
 * 5. the effects' own rows;
 * 6. the instance row version-checked with the history, outbox and notification in one statement;
 * 7. the new tasks' rows.
 * A signer's own task (加签) is completed by `SignTaskCommand`, after the same refusals: this transaction
 * rolls back, having written nothing, and that command runs its own.
 */
@Injectable()
export class CompleteTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly group: CommandGroup,
    private readonly definitions: DefinitionService,
    private readonly guards: TaskCompletionGuards,
    private readonly sign: SignTaskCommand,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, variables: Variables | undefined, actor: Actor, opinion: TaskOpinion = {}): Promise<TaskView> {
    const now = this.clock.now();
    const command = { type: 'completeTask' as const, key: '', variables };
    let decided: DecidedCompletion = { variables, decision: null, comment: null };
    let task!: TaskEntity;
    try {
      await this.group.execute({ taskId: id }, command, {
        actor: actor.name,
        admit: async (_manager, instance, read) => {
          task = taskAccess.visible(read, id, actor);
          taskAccess.refuseUnworkable(task, actor);
          taskAccess.refuseInactive(task);
          taskAccess.refuseClaimedByOther(task, actor);
          taskAccess.refuseDelegated(task);
          await this.guards.check(taskViewOf(task), variables, opinion, { definitionId: instance.definitionId });
          if (task.signOf) throw new SignerTaskCompletion(task);
          command.key = task.elementKey;
        },
        prepare: async (manager, instance, history) => {
          decided = decideCompletion(await this.definitions.model(instance.definitionId, manager), task.elementId, variables, opinion);
          command.variables = decided.variables;
          // read and locked with the instance (admit), so signers added after the task (后加签) are all seen
          const signersAfter = task.signersAfter ?? [];
          if (signersAfter.length > 0) {
            await taskSigners.completeDeferred(manager, task, actor.name, now, { variables: decided.variables ?? null, decision: decided.decision, comment: decided.comment });
            history.taskEnded({ id, elementId: task.elementId, endedAt: now });
            const signerTasks = await taskSigners.insert(manager, task, 'after', signersAfter, now);
            history.record({
              type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now,
              data: { taskId: id, ...(decided.decision !== null && { decision: decided.decision }), ...(decided.comment !== null && { comment: decided.comment }), variables: Object.keys(decided.variables ?? {}), values: decided.variables ?? {}, awaitingSigners: signerTasks },
            });
            return 'skip-engine';
          }
          await tasks.transition(manager, task, {
            state: 'completed', assignee: task.assignee ?? actor.name, endedAt: now, completedBy: actor.name, decision: decided.decision, comment: decided.comment,
          });
          history.taskEnded({ id, elementId: task.elementId, endedAt: now });
          history.record({
            type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now,
            data: {
              taskId: id, ...(decided.decision !== null && { decision: decided.decision }), ...(decided.comment !== null && { comment: decided.comment }),
              variables: Object.keys(decided.variables ?? {}), values: decided.variables ?? {},
            },
          });
          if (decided.decision !== null && task.department) {
            history.publishEvent(newDomainEvent('item.decided', now, { processInstanceId: task.instanceId }, {
              department: task.department, decision: decided.decision, taskId: id, elementId: task.elementId,
            }));
          }
        },
      });
    } catch (error) {
      // a signer's own task (加签) is completed by its own command, which takes the instance lock itself
      if (error instanceof SignerTaskCompletion) return this.sign.run(error.task, variables, actor, opinion);
      throw error;
    }
    return taskViewOf({ ...task, state: 'completed', endedAt: now, completedBy: actor.name, assignee: task.assignee ?? actor.name, decision: decided.decision, comment: decided.comment });
  }
}

/** The task is a signer's own (加签): the completion is `SignTaskCommand`'s, after the same refusals. */
class SignerTaskCompletion extends Error {
  constructor(readonly task: TaskEntity) {
    super(`Task ${task.id} is a signer's task`);
  }
}
