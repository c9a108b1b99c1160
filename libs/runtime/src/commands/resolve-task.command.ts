import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Variables } from '@tongban/engine';
import { DomainError, ForbiddenError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { taskDelegations } from '../persistence/task-delegation.repository';
import { taskEvents } from '../persistence/task-event.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import type { TaskDraft } from '../tasks/task.entity';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/**
 * Resolve command (委派 handed back): the delegate returns a delegated task to its owner with an
 * opinion and, optionally, variables; the owner then decides and completes it. What the delegate
 * hands back is kept as the task's draft (shown with the task) until the owner completes it.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task; 409 TASK_NOT_DELEGATED
 * unless a delegation is pending; 403 unless the actor is the delegate.
 * ONE transaction: `UPDATE task SET assignee = owner, delegation_state = 'resolved', draft WHERE id AND
 * state AND assignee` as read (a concurrent command → 409, nothing written), a `task.resolved` history
 * row (the opinion, the names of the variables) and a `task.resolved` outbox row.
 */
@Injectable()
export class ResolveTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, comment: string, variables: Variables | undefined, actor: Actor): Promise<TaskView> {
    const view = await this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      if (task.delegationState !== 'pending' || !task.owner) throw new DomainError('TASK_NOT_DELEGATED', `Task ${id} is not delegated`, { taskId: id });
      if (task.assignee !== actor.name) throw new ForbiddenError(`Task ${id} is delegated to ${task.assignee}; only they may resolve it`);
      const now = this.clock.now();
      const draft: TaskDraft = { ...(variables !== undefined && { variables }), comment, savedBy: actor.name, savedAt: now.toISOString() };
      await taskDelegations.set(manager, task, { owner: task.owner, assignee: task.owner, state: 'resolved', claimedAt: now, draft });
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.resolved', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, owner: task.owner, comment, variables: Object.keys(variables ?? {}) } });
      await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.resolved', instanceId: task.instanceId, payload: { taskId: id, owner: task.owner } });
      return taskViewOf({ ...task, assignee: task.owner, delegationState: 'resolved', claimedAt: now, draft });
    });
    return view;
  }
}
