import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `signing`: held while the signers added before it (前加签) work; it comes back as it was when the last has signed. */
export type TaskState = 'open' | 'claimed' | 'correction' | 'signing' | 'completed' | 'cancelled';
export const TASK_STATES: TaskState[] = ['open', 'claimed', 'correction', 'signing', 'completed', 'cancelled'];

/** A user task waiting in (or done by) a department's inbox. `elementKey` is the engine's wait key. */
@Entity('task')
export class TaskEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'instance_id' }) instanceId: string;
  /** The distribution column: the region of the task's instance (written by the instance's command). */
  @Column({ type: 'text', insert: false, update: false }) region: string;
  @Column('text', { name: 'process_key' }) processKey: string;
  @Column('text', { name: 'element_id' }) elementId: string;
  @Column('text', { name: 'element_key' }) elementKey: string;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) department: string | null;
  @Column('text', { name: 'candidate_groups', array: true }) candidateGroups: string[];
  @Column('text', { nullable: true }) assignee: string | null;
  @Column('text') state: TaskState;
  @Column('jsonb') variables: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'claimed_at', nullable: true }) claimedAt: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('text', { name: 'completed_by', nullable: true }) completedBy: string | null;
  /** The completion's decision and written opinion (审批意见). */
  @Column('text', { nullable: true }) decision?: string | null;
  @Column('text', { nullable: true }) comment?: string | null;
  /** The clerk's saved, not yet completed work (variables, decision, opinion); cleared on completion. */
  @Column('jsonb', { nullable: true }) draft?: TaskDraft | null;
  /** 委派: who delegated the task and decides on it; the assignee works it while `pending`. */
  @Column('text', { nullable: true }) owner?: string | null;
  @Column('text', { name: 'delegation_state', nullable: true }) delegationState?: DelegationState | null;
  /** 加签: the task this signer's task signs for, and whether it comes before or after it. */
  @Column('uuid', { name: 'sign_of', nullable: true }) signOf?: string | null;
  @Column('text', { name: 'sign_position', nullable: true }) signPosition?: SignPosition | null;
  /** 后加签: the signers named to work after this task, created when it completes. */
  @Column('jsonb', { name: 'signers_after', nullable: true }) signersAfter?: Signer[] | null;
  /** 后加签: the completion the engine gets once every signer after the task has signed. */
  @Column('jsonb', { name: 'deferred_completion', nullable: true }) deferredCompletion?: DeferredCompletion | null;
}

/** Where an added signer's step runs relative to the task it signs for. */
export type SignPosition = 'before' | 'after';

/** One added signer: a user (who holds the task) or a department's queue. */
export interface Signer {
  assignee: string | null;
  department: string | null;
  addedBy: string;
  comment: string;
}

/** A completion held back until the signers after the task have signed (后加签). */
export interface DeferredCompletion {
  variables: Record<string, unknown> | null;
  decision: string | null;
  comment: string | null;
}

/** Camunda 7's delegation states: the delegate works it (`pending`), then hands it back (`resolved`). */
export type DelegationState = 'pending' | 'resolved';

/** What a clerk saved on a task without completing it. */
export interface TaskDraft {
  variables?: Record<string, unknown>;
  decision?: string;
  comment?: string;
  savedBy: string;
  savedAt: string;
}
