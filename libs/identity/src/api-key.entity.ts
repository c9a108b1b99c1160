import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A system credential sent as `X-API-Key`; only its sha256 is stored. */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('char', { name: 'key_hash', length: 64 }) keyHash: string;
  @Column('text', { array: true }) roles: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
