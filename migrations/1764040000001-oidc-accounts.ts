import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts signed in through OpenID Connect: `app_user.oidc_issuer` and `oidc_subject` tie a user
 * to the identity provider's stable subject, so a renamed account at the provider stays the same
 * Tongban user and one subject can never take over a second account.
 */
export class OidcAccounts1764040000001 implements MigrationInterface {
  name = 'OidcAccounts1764040000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    await q.query(`CREATE UNIQUE INDEX app_user_oidc_subject ON app_user (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_oidc_subject`);
    await q.query(`ALTER TABLE app_user DROP COLUMN oidc_subject, DROP COLUMN oidc_issuer`);
  }
}
