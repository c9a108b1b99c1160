import { hasRole, isConfinedToDepartment, mayWorkOn, type Actor, type DomainErrorCode } from '@tongban/kernel';
import type { TaskEntity } from '../task.entity';

/** Why an operation is refused now: the HTTP status it answers with and the reason shown to the caller. */
export interface OperationRefusal {
  status: 403 | 409;
  code: DomainErrorCode;
  reason: string;
}

/**
 * Who may transfer (转办) or return (退回) a task: its assignee, a clerk of its department while it is
 * open in the department queue, or an admin; only while it is open or claimed.
 */
export function handoverRefusal(task: TaskEntity, actor: Actor): OperationRefusal | undefined {
  if (task.state !== 'open' && task.state !== 'claimed') return { status: 409, code: 'TASK_NOT_ACTIVE', reason: `the task is ${task.state}` };
  if (task.delegationState === 'pending') return { status: 409, code: 'TASK_DELEGATED', reason: `the task is delegated to ${task.assignee}; it must be resolved first` };
  if (hasRole(actor, 'admin')) return undefined;
  if (task.state === 'claimed' && task.assignee === actor.name) return undefined;
  if (!mayWorkOn(actor, task.department)) return { status: 403, code: 'FORBIDDEN', reason: `only a clerk of department ${task.department ?? '(none)'} may hand this task on` };
  if (task.state === 'claimed') return { status: 403, code: 'FORBIDDEN', reason: `the task is claimed by ${task.assignee}; only they or an admin may hand it on` };
  return undefined;
}

/**
 * Who may remove a signer from a task (减签): as for handing it on, also while it is held for the
 * signers added before it (`signing`), as its assignee or, when nobody holds it, a clerk of its department.
 */
export function signerRefusal(task: TaskEntity, actor: Actor): OperationRefusal | undefined {
  if (task.state !== 'signing') return handoverRefusal(task, actor);
  return handoverRefusal({ ...task, state: task.assignee ? 'claimed' : 'open' }, actor);
}

/** 抄送: a clerk of the task's department, a supervisor or an admin copies it, while it is not cancelled. */
export function ccRefusal(task: TaskEntity, actor: Actor): string | undefined {
  if (task.state === 'cancelled') return 'the task is cancelled';
  if (isConfinedToDepartment(actor) && !mayWorkOn(actor, task.department)) return `only a clerk of department ${task.department ?? '(none)'} may copy this task`;
  return undefined;
}
