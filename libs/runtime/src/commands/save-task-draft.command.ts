import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@tongban/kernel';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock';
import { history } from '../persistence/history.repository';
import { taskDrafts } from '../persistence/task-draft.repository';
import { tasks } from '../persistence/task.repository';
import { taskAccess } from '../tasks/task-access';
import type { TaskDraft } from '../tasks/task.entity';
import { taskViewOf, type TaskView } from '../tasks/task.view';

/** What a clerk saves on a task without completing it. */
export type DraftInput = Pick<TaskDraft, 'variables' | 'decision' | 'comment'>;

/**
 * Save-draft command: whoever may complete a task saves the work on it without completing; the draft
 * replaces the previous one, is shown with the task, and completion clears it.
 *
 * Refusals, as for completing: 404 / 403 as for reading and working on the task; 409 TASK_NOT_ACTIVE
 * unless open or claimed; 409 TASK_CLAIMED when someone else holds it (an admin may save anyway).
 * ONE transaction: `UPDATE task SET draft WHERE id AND state AND assignee` as read (a concurrent
 * claim or completion → 409, nothing written), and a `task.draft-saved` history row naming the
 * variables (their values stay on the task until completion writes them).
 */
@Injectable()
export class SaveTaskDraftCommand {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(id: string, input: DraftInput, actor: Actor): Promise<TaskView> {
    return this.dataSource.transaction(async (manager) => {
      const task = taskAccess.visible(await tasks.read(manager, id), id, actor);
      taskAccess.refuseUnworkable(task, actor);
      taskAccess.refuseInactive(task);
      taskAccess.refuseClaimedByOther(task, actor);
      const now = this.clock.now();
      const draft: TaskDraft = {
        ...(input.variables !== undefined && { variables: input.variables }),
        ...(input.decision !== undefined && { decision: input.decision }),
        ...(input.comment !== undefined && { comment: input.comment }),
        savedBy: actor.name, savedAt: now.toISOString(),
      };
      await taskDrafts.save(manager, task, draft);
      await history.append(manager, task.instanceId, actor.name, now, { type: 'task.draft-saved', elementId: task.elementId, elementKey: task.elementKey, data: { taskId: id, variables: Object.keys(input.variables ?? {}) } });
      return taskViewOf({ ...task, draft });
    });
  }
}
