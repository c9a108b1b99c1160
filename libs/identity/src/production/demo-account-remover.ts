import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashApiKey } from '../api-key.util';
import { IdentityAuditService } from '../audit/identity-audit.service';
import { DEMO_API_KEY, DEMO_APPLICANTS, DEMO_DEPARTMENTS } from '../demo-departments';
import { hashPassword, verifyPassword } from '../password.util';

/** The user names demo mode creates, each with password = user name. */
export const DEMO_USERNAMES: readonly string[] = ['admin', 'designer', 'supervisor', ...DEMO_DEPARTMENTS.map((d) => `clerk.${d}`), ...DEMO_APPLICANTS.map((a) => a.username), 'city.admin', 'city.clerk'];

/**
 * Removes what demo mode left in a data directory a production process starts on: demo users whose
 * password is still their user name (with their sessions), and the demo API key; a demo `admin` gets
 * the production admin password instead, so the install keeps its administrator. Audited.
 */
@Injectable()
export class DemoAccountRemover {
  private readonly logger = new Logger(DemoAccountRemover.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: IdentityAuditService,
  ) {}

  async removeDemoAccounts(adminPassword: string): Promise<{ users: string[]; apiKeys: number }> {
    const candidates: { username: string; password_hash: string }[] = await this.dataSource.query(
      `SELECT username, password_hash FROM app_user WHERE username = ANY($1)`,
      [DEMO_USERNAMES],
    );
    const stillDemo = await Promise.all(candidates.map((user) => verifyPassword(user.username, user.password_hash)));
    const demo = candidates.filter((_, i) => stillDemo[i]).map((user) => user.username);
    const removedUsers = demo.filter((u) => u !== 'admin');
    const adminHash = demo.includes('admin') ? await hashPassword(adminPassword) : null;
    const apiKeys = await this.dataSource.transaction(async (manager) => {
      if (demo.length > 0) await manager.query(`DELETE FROM auth_session WHERE username = ANY($1)`, [demo]);
      if (removedUsers.length > 0) await manager.query(`DELETE FROM app_user WHERE username = ANY($1)`, [removedUsers]);
      if (adminHash) await manager.query(`UPDATE app_user SET password_hash = $1 WHERE username = 'admin'`, [adminHash]);
      const keys: { id: string }[] = await manager.query(`SELECT id FROM api_key WHERE key_hash = $1`, [hashApiKey(DEMO_API_KEY)]);
      const ids = keys.map((k) => k.id);
      if (ids.length > 0) {
        await manager.query(`UPDATE api_key SET rotated_from = NULL WHERE rotated_from = ANY($1::uuid[])`, [ids]);
        await manager.query(`DELETE FROM api_key WHERE id = ANY($1::uuid[])`, [ids]);
      }
      if (demo.length > 0 || ids.length > 0) {
        await this.audit.record({ actor: 'system', action: 'demo-accounts.removed', target: 'production-start', details: { users: removedUsers, adminPasswordReplaced: !!adminHash, apiKeys: ids.length } }, manager);
      }
      return ids.length;
    });
    if (demo.length > 0 || apiKeys > 0) this.logger.warn(`production start: removed ${removedUsers.length} demo users and ${apiKeys} demo API key(s)${adminHash ? '; the demo admin now has TONGBAN_ADMIN_PASSWORD' : ''}`);
    return { users: removedUsers, apiKeys };
  }
}
