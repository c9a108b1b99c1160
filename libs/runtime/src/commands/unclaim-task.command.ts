import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Unclaim command: the assignee (or an admin) puts a claimed task back into the department's queue.
 *
 * Refusals: 404 / 403 as for reading the task and working on its department; an open task is
 * returned as it is; 409 TASK_NOT_ACTIVE when no longer active, 409 TASK_CLAIMED when someone else
 * holds it and the actor is no admin.
 * ONE transaction: `UPDATE task SET state = 'open', assignee = NULL, claimed_at = NULL WHERE id AND
 * state AND assignee` as read (a concurrent command → 409, nothing written), and a `task.unclaimed`
 * history row naming the previous assignee.
 */
@Injectable()
export class UnclaimTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, actor: Actor): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      taskAccess.refuseUnworkable(task, actor);
      if (task.state === 'open') return taskViewOf(task);
      taskAccess.refuseInactive(task);
      taskAccess.refuseClaimedByOther(task, actor);
      const now = this.clock.now();
      await tasks.transition(manager, task, { state: 'open', assignee: null, claimedAt: null });
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.unclaimed', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, previousAssignee: task.assignee } });
      return taskViewOf({ ...task, state: 'open', assignee: null, claimedAt: null });
    });
  }
}
