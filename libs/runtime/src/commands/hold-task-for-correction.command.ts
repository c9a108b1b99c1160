import { Injectable } from '@nestjs/common';
import type { Actor } from '@tongban/kernel';
import type { EntityManager } from 'typeorm';
import { history } from '../persistence/history.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import type { TaskEntity } from '../tasks/task.entity';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/** What the department asks for when it holds a task for correction (补正), as the history records it. */
export interface CorrectionHold {
  correctionId: string;
  /** The deadline, ISO 8601; null while it is not counted (it reaches a year the calendar does not know). */
  deadline: string | null;
  asked: unknown[];
}

/**
 * Hold-for-correction command: a clerk of the task's department returns the case to the applicant;
 * the task waits in state `correction` (not completable) until the applicant's supplement reopens it.
 *
 * Refusals: 404 / 403 as for reading the task and working on its department; 409 TASK_NOT_ACTIVE
 * unless open or claimed; 409 TASK_CLAIMED when someone else holds it.
 * Runs inside the caller's ONE transaction (the owner of the correction request writes its rows in
 * it): the task row read `FOR UPDATE`; `UPDATE task SET state = 'correction' WHERE id AND state AND
 * assignee` as read (a concurrent command → 409 CONFLICT, the transaction rolls back); a
 * `task.correction-requested` and a `clock.paused {kind: 'correction'}` history row.
 */
@Injectable()
export class HoldTaskForCorrectionCommand {
  async run(manager: EntityManager, id: string, actor: Actor, now: Date, hold: CorrectionHold): Promise<{ task: TaskEntity; view: TaskView }> {
    const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
    taskAccess.refuseUnworkable(task, actor);
    taskAccess.refuseInactive(task);
    taskAccess.refuseClaimedByOther(task, actor);
    await tasks.transition(manager, task, { state: 'correction', assignee: task.assignee });
    const at = { elementId: task.elementId, elementKey: task.elementKey };
    await history.append(manager, task.instanceId, actor.name, now, { type: 'task.correction-requested', ...at, data: { taskId: id, ...hold } });
    await history.append(manager, task.instanceId, actor.name, now, { type: 'clock.paused', ...at, data: { taskId: id, kind: 'correction', correctionId: hold.correctionId, at: now.toISOString() } });
    const held = { ...task, state: 'correction' as const };
    return { task: held, view: taskViewOf(held) };
  }
}
