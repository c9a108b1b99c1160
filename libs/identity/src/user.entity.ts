import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member of staff, or an applicant (`applicantCode` set), who logs in with a password or through OpenID Connect. */
@Entity('app_user')
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text', { name: 'display_name', nullable: true }) displayName: string | null;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text', { array: true }) roles: string[];
  @Column('text', { nullable: true }) department: string | null;
  /** The applicant's identifier (citizen ID number or unified social credit code) of an applicant's account. */
  @Column('text', { name: 'applicant_code', nullable: true }) applicantCode: string | null;
  /** The region the user belongs to; written from the creating context's region. */
  @Column({ type: 'text', insert: false, update: false }) region: string;
  /** The OpenID Connect provider and subject the account signs in as, once it signed in through it. */
  @Column('text', { name: 'oidc_issuer', nullable: true }) oidcIssuer: string | null;
  @Column('text', { name: 'oidc_subject', nullable: true }) oidcSubject: string | null;
  @Column('timestamptz', { name: 'disabled_at', nullable: true }) disabledAt: Date | null;
  /** Raised when the user is disabled or the password reset: older access tokens stop working. */
  @Column('integer', { name: 'token_version', default: 0 }) tokenVersion: number;
  @Column('boolean', { name: 'must_change_password', default: false }) mustChangePassword: boolean;
  @Column('text', { name: 'totp_secret', nullable: true }) totpSecret: string | null;
  @Column('boolean', { name: 'totp_enabled', default: false }) totpEnabled: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
