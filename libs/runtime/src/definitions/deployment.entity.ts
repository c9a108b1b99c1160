import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One deploy command: a named set of BPMN resources. */
@Entity('deployment')
export class DeploymentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  /** The file under `workflows/` it was deployed from, and the sha256 of the file's content. */
  @Column('text', { name: 'source_file', nullable: true }) sourceFile?: string | null;
  @Column('character', { name: 'source_hash', length: 64, nullable: true }) sourceHash?: string | null;
}
