import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InstanceState } from '@tongban/engine';

/** What the API shows as an instance's state; `incident` while the engine state has open incidents. */
export type InstanceRowState = 'active' | 'completed' | 'terminated' | 'cancelled' | 'incident';
export const INSTANCE_ROW_STATES: InstanceRowState[] = ['active', 'completed', 'terminated', 'cancelled', 'incident'];

/**
 * One running or ended process instance. `engineState` is the engine's JSON state after the last
 * command; `version` guards every update (compare-and-set, never a blind write).
 */
@Entity('process_instance')
export class ProcessInstanceEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'definition_id' }) definitionId: string;
  @Column('text', { name: 'process_key' }) processKey: string;
  @Column('integer', { name: 'definition_version' }) definitionVersion: number;
  @Column('text', { name: 'business_key', nullable: true }) businessKey: string | null;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'parent_element_key', nullable: true }) parentElementKey: string | null;
  @Column('text') state: InstanceRowState;
  @Column('jsonb', { name: 'engine_state' }) engineState: InstanceState;
  @Column('integer') version: number;
  /** Suspended by an operator: refuses task completion, jobs, timers, messages and signals until resumed. */
  @Column('boolean', { default: false }) suspended: boolean;
  @Column('text', { name: 'started_by', nullable: true }) startedBy: string | null;
  /**
   * Who owns the case: `integrator:<name>`, `user:<username>` or `applicant:<code>` of the principal
   * that started it (a called instance: its parent's); integrators see only the cases they own.
   */
  @Column('text', { nullable: true, select: false }) owner?: string | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  /** What the case came to, as the end event it reached declares (`tongban:outcome`); generated from the engine state. */
  @Column({ type: 'text', nullable: true, insert: false, update: false }) outcome?: string | null;
}
