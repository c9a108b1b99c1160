import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { history } from '../persistence/history.repository';
import { tasks } from '../persistence/task.repository';

/**
 * Reopen command: the applicant's supplement answered the correction request, and the task goes
 * back to its department in the state it was held from (open, or claimed by the same clerk).
 *
 * Runs inside the caller's ONE transaction: the task row read; 409 TASK_NOT_ACTIVE unless it is in
 * `correction` (e.g. the case was cancelled meanwhile); `UPDATE task SET state WHERE id AND state =
 * 'correction' AND assignee` as read (a concurrent command → 409 CONFLICT); a `task.corrected` and a
 * `clock.resumed {kind: 'correction'}` history row.
 */
@Injectable()
export class ReopenCorrectedTaskCommand {
  async run(manager: EntityManager, id: string, actor: string, now: Date, correctionId: string): Promise<void> {
    const task = await tasks.read(manager, id);
    if (!task) throw new NotFoundError('Task', id);
    if (task.state !== 'correction') throw new DomainError('TASK_NOT_ACTIVE', `Task ${id} is ${task.state}, not waiting for a correction`, { state: task.state });
    await tasks.transition(manager, task, task.assignee ? { state: 'claimed', assignee: task.assignee, claimedAt: now } : { state: 'open', assignee: null, claimedAt: null });
    const at = { elementId: task.elementId, elementKey: task.elementKey };
    await history.append(manager, task.instanceId, actor, now, { type: 'task.corrected', ...at, data: { taskId: id, correctionId } });
    await history.append(manager, task.instanceId, actor, now, { type: 'clock.resumed', ...at, data: { taskId: id, kind: 'correction', correctionId, at: now.toISOString() } });
  }
}
