import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity managed over the API: departments become a table (seeded with the demo catalogue's),
 * users can be disabled and carry a token version, a forced password change and a TOTP secret,
 * API keys belong to an integrator with scopes, an expiry and a revocation, sign-in sessions keep
 * their refresh token hashed, and every change of identity is written to an append-only audit table.
 */
export class IdentityManagement1763840000001 implements MigrationInterface {
  name = 'IdentityManagement1763840000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE department (
        code text PRIMARY KEY,
        name text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO department (code, name) VALUES
        ('city-appearance', '城市管理局'),
        ('fire-rescue', '消防救援支队'),
        ('health', '卫生健康委员会'),
        ('human-resources', '人力资源和社会保障局'),
        ('market-regulation', '市场监督管理局'),
        ('medical-insurance', '医疗保障局'),
        ('public-security', '公安局')
      ON CONFLICT DO NOTHING`);
    await q.query(`INSERT INTO department (code, name) SELECT DISTINCT department, department FROM app_user WHERE department IS NOT NULL ON CONFLICT DO NOTHING`);
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN display_name text,
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN totp_secret text,
        ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE api_key DROP CONSTRAINT api_key_name_key`);
    await q.query(`
      ALTER TABLE api_key
        ADD COLUMN integrator text,
        ADD COLUMN scopes jsonb NOT NULL DEFAULT '{"processes":["*"],"jobTypes":["*"],"readCaseData":true,"actForApplicants":true}',
        ADD COLUMN expires_at timestamptz,
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN rotated_from uuid REFERENCES api_key (id)`);
    await q.query(`UPDATE api_key SET integrator = name`);
    await q.query(`ALTER TABLE api_key ALTER COLUMN integrator SET NOT NULL`);
    await q.query(`CREATE INDEX api_key_name_idx ON api_key (name)`);
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY,
        username text NOT NULL REFERENCES app_user (username) ON UPDATE CASCADE,
        refresh_hash char(64) NOT NULL UNIQUE,
        previous_hash char(64),
        token_version integer NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz
      )`);
    await q.query(`CREATE INDEX auth_session_username_idx ON auth_session (username)`);
    await q.query(`CREATE INDEX auth_session_previous_hash_idx ON auth_session (previous_hash)`);
    await q.query(`
      CREATE TABLE identity_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX identity_audit_target_idx ON identity_audit (target, id)`);
    await q.query(`
      CREATE FUNCTION identity_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'identity_audit is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER identity_audit_append_only BEFORE UPDATE OR DELETE ON identity_audit
        FOR EACH ROW EXECUTE FUNCTION identity_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_audit`);
    await q.query(`DROP FUNCTION identity_audit_append_only()`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(`DROP INDEX api_key_name_idx`);
    await q.query(`ALTER TABLE api_key DROP COLUMN rotated_from, DROP COLUMN revoked_at, DROP COLUMN expires_at, DROP COLUMN scopes, DROP COLUMN integrator`);
    await q.query(`ALTER TABLE api_key ADD CONSTRAINT api_key_name_key UNIQUE (name)`);
    await q.query(`
      ALTER TABLE app_user DROP COLUMN updated_at, DROP COLUMN totp_enabled, DROP COLUMN totp_secret,
        DROP COLUMN must_change_password, DROP COLUMN token_version, DROP COLUMN disabled_at, DROP COLUMN display_name`);
    await q.query(`DROP TABLE department`);
  }
}
