import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ForbiddenError, RUNTIME_CONFIG, type Actor, type RuntimeConfig } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { taskCopies } from '../persistence/task-cc.repository';
import { taskEvents } from '../persistence/task-event.repository';
import { tasks } from '../persistence/task.repository';
import { ccRefusal } from '../tasks/operations/task-operation-rules';
import { taskAccess } from '../tasks/task-access';

/** What 抄送 answers: the copies made, one per recipient. */
export interface TaskCopied {
  taskId: string;
  copies: { id: string; recipient: string }[];
}

/**
 * Copy command (抄送): read-only copies of a task for users, each in the recipient's own list
 * (`GET /cc`), unread until they mark it read.
 *
 * Refusals, before anything is written: 404 / 403 as for reading the task; 403 unless the actor may
 * work on its department, or is a supervisor or admin; 409 TASK_NOT_ACTIVE for a cancelled task.
 * ONE transaction:
 * 1. a `task_cc` row per recipient — one who already has a copy of the task (also a concurrent copy
 *    to them) → 409, nothing written;
 * 2. a `task.copied` history row (actor, time, recipients, opinion);
 * 3. a `task.copied` outbox row (topic `task-events`) naming the copies, for the recipients' notifications.
 */
@Injectable()
export class CopyTaskCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, recipients: string[], comment: string, actor: Actor): Promise<TaskCopied> {
    const copied = await this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      const refusal = ccRefusal(task, actor);
      if (refusal && task.state === 'cancelled') throw new DomainError('TASK_NOT_ACTIVE', `Task ${id}: ${refusal}`, { state: task.state });
      if (refusal) throw new ForbiddenError(`Task ${id}: ${refusal}`);
      const now = this.clock.now();
      const ids = await taskCopies.insert(manager, { taskId: id, instanceId: task.instanceId, recipients, sentBy: actor.name, sentAt: now, comment });
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.copied', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, recipients, comment } });
      await taskEvents.emit(manager, this.config.queuePrefix, now, { type: 'task.copied', instanceId: task.instanceId, payload: { taskId: id, copies: ids } });
      return { taskId: id, copies: ids.map((copyId, i) => ({ id: copyId, recipient: recipients[i] })) };
    });
    return copied;
  }
}
