import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, type Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Claim command: a clerk takes an open task from the department's queue.
 *
 * Refusals: 404 / 403 as for reading the task and working on its department; claiming one's own
 * claimed task again is a no-op; 409 TASK_NOT_ACTIVE when no longer active, 409 TASK_CLAIMED when
 * someone else holds it.
 * ONE transaction: `UPDATE task SET state = 'claimed', assignee = actor, claimed_at WHERE id AND
 * state = 'open'` as read (a concurrent claim → 409, nothing written), and a `task.claimed` history row.
 */
@Injectable()
export class ClaimTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, actor: Actor): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      taskAccess.refuseUnworkable(task, actor);
      if (task.state === 'claimed' && task.assignee === actor.name) return taskViewOf(task);
      taskAccess.refuseInactive(task);
      if (task.state === 'claimed') throw new DomainError('TASK_CLAIMED', `Task ${task.id} is claimed by ${task.assignee}`, { assignee: task.assignee });
      const now = this.clock.now();
      await tasks.transition(manager, task, { state: 'claimed', assignee: actor.name, claimedAt: now });
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.claimed', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id } });
      return taskViewOf({ ...task, state: 'claimed', assignee: actor.name, claimedAt: now });
    });
  }
}
