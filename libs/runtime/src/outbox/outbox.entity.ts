import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work that must leave the instance's transaction: written with the state change, published to
 * BullMQ by the relay with the row id as job id. `queuePrefix` keeps deployments sharing one
 * database apart.
 */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text', { name: 'queue_prefix' }) queuePrefix: string;
  @Column('text') topic: string;
  @Column('text') type: string;
  @Column('uuid', { name: 'instance_id', nullable: true }) instanceId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('timestamptz', { name: 'available_at' }) availableAt: Date;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  /** The W3C trace context of the command that wrote the row, handed to the job (tracing on only). */
  @Column('text', { name: 'trace_parent', nullable: true }) traceParent: string | null;
}
