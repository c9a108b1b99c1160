import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProcessModel } from '@tongban/bpmn';

/** One version of one executable process: its XML and the compiled model the engine runs. */
@Entity('process_definition')
export class ProcessDefinitionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'deployment_id' }) deploymentId: string;
  @Column('text') key: string;
  @Column('integer') version: number;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'resource_name' }) resourceName: string;
  @Column('char', { length: 64 }) checksum: string;
  @Column('text') xml: string;
  @Column('jsonb') model: ProcessModel;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
