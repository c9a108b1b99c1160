import { DomainError, ForbiddenError, hasRole, isConfinedToDepartment, mayWorkOn, NotFoundError, type Actor } from '@tongban/kernel';
import type { TaskEntity } from './task.entity';

/** Who may see and work on a task, and in which states: the refusals every task command shares. */
export const taskAccess = {
  /** 404 for a missing task; 403 for a clerk reading another department's task. */
  visible<T extends TaskEntity>(task: T | undefined, id: string, actor: Actor): T {
    if (!task) throw new NotFoundError('Task', id);
    if (isConfinedToDepartment(actor) && task.department !== actor.department) {
      throw new ForbiddenError(`Task ${id} belongs to department ${task.department ?? '(none)'}`);
    }
    return task;
  },

  /** 403 unless the actor is an admin or a clerk of the task's department. */
  refuseUnworkable(task: TaskEntity, actor: Actor): void {
    if (!mayWorkOn(actor, task.department)) throw new ForbiddenError(`${actor.name} may not work on tasks of department ${task.department ?? '(none)'}`);
  },

  /** 409 TASK_NOT_ACTIVE unless the task is open or claimed. */
  refuseInactive(task: TaskEntity): void {
    if (task.state !== 'open' && task.state !== 'claimed') throw new DomainError('TASK_NOT_ACTIVE', `Task ${task.id} is ${task.state}`, { state: task.state });
  },

  /** 409 TASK_DELEGATED while a delegate works the task (委派): they resolve it, then the owner completes it. */
  refuseDelegated(task: TaskEntity): void {
    if (task.delegationState === 'pending') throw new DomainError('TASK_DELEGATED', `Task ${task.id} is delegated to ${task.assignee}; it must be resolved first`, { assignee: task.assignee, owner: task.owner });
  },

  /** 409 TASK_CLAIMED when someone other than the actor holds the task (an admin may act anyway). */
  refuseClaimedByOther(task: TaskEntity, actor: Actor): void {
    if (task.state === 'claimed' && task.assignee !== actor.name && !hasRole(actor, 'admin')) {
      throw new DomainError('TASK_CLAIMED', `Task ${task.id} is claimed by ${task.assignee}`, { assignee: task.assignee });
    }
  },
};
