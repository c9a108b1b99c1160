import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DecisionSet } from '@tongban/dmn';

/** One version of one deployed DMN decision, with the decision requirements graph (DMN document) it belongs to. */
@Entity('decision_definition')
export class DecisionDefinitionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'deployment_id' }) deploymentId: string;
  @Column('text') key: string;
  @Column('integer') version: number;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'resource_name' }) resourceName: string;
  @Column('char', { length: 64 }) checksum: string;
  @Column('text') xml: string;
  @Column('jsonb') drg: DecisionSet;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
