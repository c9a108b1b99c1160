import type { DelegationState, SignPosition, Signer, TaskDraft, TaskEntity, TaskState } from './task.entity';

/** A task as the API shows it. */
export interface TaskView {
  id: string;
  processInstanceId: string;
  processKey: string;
  elementId: string;
  name: string | null;
  department: string | null;
  candidateGroups: string[];
  assignee: string | null;
  state: TaskState;
  variables: Record<string, unknown>;
  createdAt: Date;
  claimedAt: Date | null;
  endedAt: Date | null;
  completedBy: string | null;
  /** The completion's decision (`approve`, `reject`, or one the model declares) and written opinion. */
  decision: string | null;
  comment: string | null;
  /** The work saved without completing (PUT /tasks/{id}/draft); null once completed. */
  draft: TaskDraft | null;
  /** 委派: the owner who delegated the task, and whether the delegate still works it. */
  owner: string | null;
  delegationState: DelegationState | null;
  /** 加签: the task this one signs for and whether it runs before or after it; null for the model's own tasks. */
  signOf: string | null;
  signPosition: SignPosition | null;
  /** 后加签: the signers who work after this task once it completes. */
  signersAfter: Signer[];
}

/** The view of a task row. */
export function taskViewOf(t: TaskEntity): TaskView {
  return {
    id: t.id,
    processInstanceId: t.instanceId,
    processKey: t.processKey,
    elementId: t.elementId,
    name: t.name,
    department: t.department,
    candidateGroups: t.candidateGroups,
    assignee: t.assignee,
    state: t.state,
    variables: t.variables,
    createdAt: t.createdAt,
    claimedAt: t.claimedAt,
    endedAt: t.endedAt,
    completedBy: t.completedBy,
    decision: t.decision ?? null,
    comment: t.comment ?? null,
    draft: t.draft ?? null,
    owner: t.owner ?? null,
    delegationState: t.delegationState ?? null,
    signOf: t.signOf ?? null,
    signPosition: t.signPosition ?? null,
    signersAfter: t.signersAfter ?? [],
  };
}
