import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, DomainError } from '@tongban/kernel';
import { DataSource } from 'typeorm';
import { IdentityAuditService } from '../audit/identity-audit.service';
import type { Principal } from '../principal';
import { UserEntity } from '../user.entity';
import { matchTotp, newTotpSecret, totpUri } from './totp';

/** A user's enrolment of a TOTP second factor: a secret shown once, switched on by a first valid code. */
@Injectable()
export class TotpEnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: IdentityAuditService,
  ) {}

  /** Starts (or restarts) enrolment: stores a new secret, not yet required at sign-in. 409 when TOTP is on already. */
  async begin(principal: Principal): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ username: principal.name });
    if (user.totpEnabled) throw new ConflictError('TOTP is enrolled already', { username: principal.name });
    const secret = newTotpSecret();
    await this.dataSource.query(`UPDATE app_user SET totp_secret = $2, updated_at = now() WHERE username = $1 AND NOT totp_enabled`, [principal.name, secret]);
    return { secret, otpauthUri: totpUri(secret, principal.name) };
  }

  /** Switches TOTP on when `code` is valid for the pending secret; audited. Returns the user row. */
  async confirm(principal: Principal, code: string, ip: string | null): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ username: principal.name });
    if (user.totpEnabled) throw new ConflictError('TOTP is enrolled already', { username: principal.name });
    if (!user.totpSecret) throw new DomainError('INVALID_STATE', 'Start the enrolment first (POST /api/v1/me/totp)');
    if (matchTotp(user.totpSecret, code, Math.floor(Date.now() / 1000)) === null) {
      throw new DomainError('VALIDATION_FAILED', 'The TOTP code does not match the enrolled secret', { field: 'code' });
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE app_user SET totp_enabled = true, updated_at = now() WHERE username = $1`, [user.username]);
      await this.audit.record({ actor: user.username, action: 'user.totp-enrolled', target: `user:${user.username}`, ip }, manager);
    });
    return { ...user, totpEnabled: true };
  }
}
