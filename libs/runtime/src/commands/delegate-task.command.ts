import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ForbiddenError, hasRole, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { taskDelegations } from '../persistence/task-delegation.repository';
import { taskEvents } from '../persistence/task-event.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Delegate command (委派, Camunda 7's delegation): the holder of a task asks another clerk of its
 * department to work it; the task becomes the delegate's (`delegationState: pending`) while the holder
 * stays its `owner`, who completes it once the delegate resolves it.
 *
 * Refusals, before anything is written: 404 / 403 as for reading and working on the task; 409
 * TASK_NOT_ACTIVE unless open or claimed; 409 TASK_DELEGATED while a delegation is pending; 403 unless
 * the actor holds it (claimed by them; an open task is claimed and delegated in one step) or is an
 * admin; 400 unless the delegate is a clerk of the task's department (the caller resolves the user).
 * ONE transaction: `UPDATE task SET owner, assignee = delegate, delegation_state = 'pending', state =
 * 'claimed' WHERE id AND state AND assignee` as read (a concurrent command → 409, nothing written), a
 * `task.delegated` history row (owner, delegate, opinion) and a `task.delegated` outbox row.
 */
@Injectable()
export class DelegateTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, to: { username: string; department: string | null }, comment: string, actor: Actor): Promise<TaskView> {
    const delegate = to.username;
    const view = await this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      taskAccess.refuseUnworkable(task, actor);
      taskAccess.refuseInactive(task);
      taskAccess.refuseDelegated(task);
      if (to.department !== task.department) throw new DomainError('VALIDATION_FAILED', `${delegate} is no clerk of department ${task.department ?? '(none)'}`, { field: 'toUser', user: delegate });
      if (task.state === 'claimed' && task.assignee !== actor.name && !hasRole(actor, 'admin')) throw new ForbiddenError(`Task ${id} is claimed by ${task.assignee}; only they or an admin may delegate it`);
      const owner = task.assignee ?? actor.name;
      const now = this.clock.now();
      await taskDelegations.set(manager, task, { owner, assignee: delegate, state: 'pending', claimedAt: now });
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.delegated', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, owner, delegate, comment } });
      await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.delegated', instanceId: task.instanceId, payload: { taskId: id, owner, delegate } });
      return taskViewOf({ ...task, owner, assignee: delegate, delegationState: 'pending', state: 'claimed', claimedAt: now });
    });
    return view;
  }
}
