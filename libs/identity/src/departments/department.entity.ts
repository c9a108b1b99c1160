import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A department of the region: owns service items, task queues and clerks; referenced by its code. */
@Entity('department')
export class DepartmentEntity {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  /** The region the department belongs to; written from the creating context's region. */
  @Column({ type: 'text', insert: false, update: false }) region: string;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
