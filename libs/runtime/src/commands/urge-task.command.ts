import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ForbiddenError, isConfinedToDepartment, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { taskEvents } from '../persistence/task-event.repository';
import { taskHandovers } from '../persistence/task-handover.repository';
import { taskUrges, type TaskUrgeRow } from '../persistence/task-urge.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';

/**
 * Urge command (催办): a reminder to whoever holds an open task (its assignee, or its department's
 * queue), at most one per task per `TONGBAN_URGE_INTERVAL_SECONDS`.
 *
 * Refusals, before anything is written: 404 for a missing task; 403 for a clerk (clerks urge no one:
 * supervisors and admins do); 409 TASK_NOT_ACTIVE unless open or claimed; 429 URGE_TOO_SOON (with
 * `Retry-After`) within the interval of the task's last urge.
 * ONE transaction:
 * 1. the task row locked as read (concurrent urges queue here, so only one passes the interval; a
 *    concurrent claim, completion or transfer → 409, nothing written);
 * 2. the interval checked against the task's latest `task_urge` row;
 * 3. a `task_urge` row naming the recipient (assignee or department), the actor, the time, the reason;
 * 4. a `task.urged` history row and a `task.urged` outbox row (topic `task-events`).
 */
@Injectable()
export class UrgeTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, comment: string, actor: Actor): Promise<TaskUrgeRow> {
    const urge = await this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      if (isConfinedToDepartment(actor)) throw new ForbiddenError(`${actor.name} may not urge tasks; supervisors and admins do`);
      taskAccess.refuseInactive(task);
      await taskHandovers.lock(manager, task);
      const now = this.clock.now();
      const last = await taskUrges.latest(manager, id);
      const intervalMs = this.config.urgeIntervalSeconds * 1000;
      if (last && now.getTime() - last.getTime() < intervalMs) {
        const retryAfterSeconds = Math.max(1, Math.ceil((last.getTime() + intervalMs - now.getTime()) / 1000));
        throw new DomainError('URGE_TOO_SOON', `Task ${id} was urged at ${last.toISOString()}; urge again in ${retryAfterSeconds} s`, { taskId: id, retryAfterSeconds });
      }
      const row = await taskUrges.insert(manager, { taskId: id, instanceId: task.instanceId, urgedBy: actor.name, urgedAt: now, toAssignee: task.assignee, toDepartment: task.department, comment });
      const to = { assignee: task.assignee, department: task.department };
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.urged', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, urgeId: row.id, to, comment } });
      await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.urged', instanceId: task.instanceId, payload: { taskId: id, urgeId: row.id, to } });
      return row;
    });
    return urge;
  }
}
