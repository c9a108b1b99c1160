import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { TaskLifecycle } from '../effects/task-lifecycle';
import { history } from '../persistence/history.repository';
import { taskEvents } from '../persistence/task-event.repository';
import { taskHandovers } from '../persistence/task-handover.repository';
import { tasks } from '../persistence/task.repository';
import { operationRefused } from '../tasks/operations/operation-refused.error';
import { handoverRefusal } from '../tasks/operations/task-operation-rules';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/** Where a transferred task goes: a user (who then holds it, in their department) or a department's queue. */
export interface TransferTarget {
  /** The new owner, or null for the department's queue. */
  assignee: string | null;
  department: string | null;
}

/**
 * Transfer command (转办): the task changes owner or department queue for good; the previous owner no
 * longer holds it.
 *
 * Refusals, before anything is written: 404 for a missing task, 403 for another department's task;
 * 409 TASK_NOT_ACTIVE unless open or claimed; 403 unless the actor is its assignee, a clerk of its
 * department while it is open, or an admin (`handoverRefusal`).
 * ONE transaction:
 * 1. `UPDATE task SET department, assignee, state, claimed_at WHERE id AND state AND assignee AND
 * department` as read
 *    (a concurrent claim, completion or transfer → 409, nothing written): to a user the task is
 *    claimed by them, to a department it is open in its queue;
 * 2. a `task.transferred` history row with the actor, the time, from and to, and the opinion;
 * 3. a `task.transferred` outbox row (topic `task-events`);
 * 4. the task lifecycle listeners told it moved (its time limit clock follows it to its new department).
 */
@Injectable()
export class TransferTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly lifecycle: TaskLifecycle,
  ) {}

  async run(id: string, to: TransferTarget, comment: string, actor: Actor): Promise<TaskView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      const refusal = handoverRefusal(task, actor);
      if (refusal) throw operationRefused(refusal, id);
      const now = this.clock.now();
      await taskHandovers.reassign(manager, task, { ...to, at: now });
      const data = {
        taskId: id, comment,
        from: { assignee: task.assignee, department: task.department },
        to: { assignee: to.assignee, department: to.department },
      };
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.transferred', elementId: task.elementId, elementKey: task.elementKey, data });
      await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.transferred', instanceId: task.instanceId, payload: { taskId: id, to: data.to } });
      if (to.department !== task.department) await this.lifecycle.moved(manager, [{ id, instanceId: task.instanceId, department: to.department }]);
      return taskViewOf({ ...task, department: to.department, assignee: to.assignee, state: to.assignee === null ? 'open' : 'claimed', claimedAt: to.assignee === null ? null : now });
    });
    return view;
  }
}
