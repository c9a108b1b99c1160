import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of an instance's audit trail: an element entered or left, a task event, with time and actor. */
@Entity('history_event')
export class HistoryEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'instance_id' }) instanceId: string;
  @Column('text') type: string;
  @Column('text', { name: 'element_id', nullable: true }) elementId: string | null;
  @Column('text', { name: 'element_key', nullable: true }) elementKey: string | null;
  @Column('timestamptz') at: Date;
  @Column('text', { nullable: true }) actor: string | null;
  @Column('jsonb', { nullable: true }) data: Record<string, unknown> | null;
}
