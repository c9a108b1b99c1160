import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApiKeyScopes } from './api-keys/api-key-scopes';

/** A system credential sent as `X-API-Key`; only its sha256 is stored. */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  /** The integrator (a portal, a department's system) the key belongs to. */
  @Column('text') integrator: string;
  @Column('char', { name: 'key_hash', length: 64 }) keyHash: string;
  @Column('text', { array: true }) roles: string[];
  @Column('jsonb') scopes: ApiKeyScopes;
  /** The region the key acts in; written from the creating context's region. */
  @Column({ type: 'text', insert: false, update: false }) region: string;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('uuid', { name: 'rotated_from', nullable: true }) rotatedFrom: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
