import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A place where an instance stopped and needs an operator (no matching flow, FEEL error, …). */
@Entity('incident')
export class IncidentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'instance_id' }) instanceId: string;
  @Column('text', { name: 'incident_key' }) incidentKey: string;
  @Column('text', { name: 'element_id' }) elementId: string;
  @Column('text') type: string;
  @Column('text') message: string;
  @Column('text') state: 'open' | 'resolved';
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
}
