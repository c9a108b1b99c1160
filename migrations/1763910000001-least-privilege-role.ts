import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application's least-privilege database role `tongban_app` (NOLOGIN until an operator gives it
 * a password, see README "Database role"): it reads and writes the tables and sequences of the
 * schema, also those later migrations create, but may not TRUNCATE anything, create or drop
 * objects, nor UPDATE or DELETE the append-only audit log; the audit log also refuses TRUNCATE by
 * anyone, through a statement trigger.
 */
export class LeastPrivilegeRole1763910000001 implements MigrationInterface {
  name = 'LeastPrivilegeRole1763910000001';

  async up(q: QueryRunner): Promise<void> {
    // Roles belong to the cluster, not the database: several databases may migrate at once.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tongban_app') THEN
          CREATE ROLE tongban_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO tongban_app', current_database()); END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO tongban_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tongban_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO tongban_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tongban_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO tongban_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON identity_audit FROM tongban_app`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM tongban_app`);
    await q.query(`
      CREATE TRIGGER identity_audit_no_truncate BEFORE TRUNCATE ON identity_audit
        FOR EACH STATEMENT EXECUTE FUNCTION identity_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER identity_audit_no_truncate ON identity_audit`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM tongban_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM tongban_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM tongban_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM tongban_app`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM tongban_app`);
    await q.query(`DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM tongban_app', current_database()); END $$`);
  }
}
