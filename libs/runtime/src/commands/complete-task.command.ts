import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import type { Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { CommandExecutor } from '../instances/command-executor';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import { TaskCompletionGuards } from '../tasks/task-completion.guard';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Complete-task command: a clerk of the task's department (or an admin) completes a user task with
 * variables, and the instance advances to its next wait states.
 *
 * Refusals, before anything is written (the task is read once):
 * 1. 404 for a missing task, 403 for another department's task or a department the actor may not
 *    work on;
 * 2. 409 TASK_NOT_ACTIVE unless open or claimed; 409 TASK_CLAIMED when claimed by someone else
 *    (an admin may complete it anyway);
 * 3. the completion guards other packages registered (a bundle's approval step needs its
 *    decision: 400).
 * Then ONE transaction (the instance command, `CommandExecutor.execute`):
 * 1. the instance row read and locked;
 * 2. `UPDATE task SET state = 'completed', ended_at, completed_by, assignee WHERE id AND state AND
 *    assignee` as read — a concurrent claim or completion makes it match no row → 409 and nothing is
 *    written — and a `task.completed` history row with the actor and the names of the variables;
 * 3. the engine completes the task's wait key with the variables;
 * 4. the effects' own rows;
 * 5. the instance row version-checked with the history, outbox and notification in one statement;
 * 6. the new tasks' rows.
 */
@Injectable()
export class CompleteTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly executor: CommandExecutor,
    private readonly guards: TaskCompletionGuards,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, variables: Variables | undefined, actor: Actor): Promise<TaskView> {
    const task = taskAccess.visible(await tasks.read(this.dataSource.manager, id), id, actor);
    taskAccess.refuseUnworkable(task, actor);
    taskAccess.refuseInactive(task);
    taskAccess.refuseClaimedByOther(task, actor);
    await this.guards.check(taskViewOf(task), variables);
    const now = this.clock.now();
    const completed = { ...task, state: 'completed' as const, endedAt: now, completedBy: actor.name, assignee: task.assignee ?? actor.name };
    await this.executor.execute(task.instanceId, { type: 'completeTask', key: task.elementKey, variables }, {
      actor: actor.name,
      prepare: async (manager, _instance, history) => {
        await tasks.transition(manager, task, { state: 'completed', assignee: completed.assignee, endedAt: now, completedBy: actor.name });
        history.record({ type: 'task.completed', elementId: task.elementId, elementKey: task.elementKey, at: now, data: { taskId: id, variables: Object.keys(variables ?? {}) } });
      },
    });
    return taskViewOf(completed);
  }
}
