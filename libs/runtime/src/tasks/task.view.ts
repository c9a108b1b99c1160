import type { DelegationState, TaskDraft, TaskEntity, TaskState } from './task.entity';

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
  };
}
