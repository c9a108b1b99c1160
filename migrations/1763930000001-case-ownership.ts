import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns a case: the principal that started it, stored on the process instance and the
 * application as `integrator:<integrator>` (an API key's integrator: every key of it, rotated
 * ones too), `user:<username>` (staff) or `applicant:<code>` (an applicant signed in themselves);
 * called instances inherit their parent's. Existing rows take it from `started_by`/`created_by`.
 * Applicants become principals too: `app_user.applicant_code` ties an applicant's account to
 * their identifier.
 */
export class CaseOwnership1763930000001 implements MigrationInterface {
  name = 'CaseOwnership1763930000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance ADD COLUMN owner text`);
    await q.query(`ALTER TABLE application ADD COLUMN owner text`);
    await q.query(`ALTER TABLE app_user ADD COLUMN applicant_code text`);
    await q.query(`CREATE UNIQUE INDEX app_user_applicant_code ON app_user (applicant_code) WHERE applicant_code IS NOT NULL`);
    for (const [table, column] of [['process_instance', 'started_by'], ['application', 'created_by']]) {
      await q.query(`
        UPDATE ${table} t SET owner = CASE
          WHEN t.${column} LIKE 'apikey:%' THEN (SELECT 'integrator:' || k.integrator FROM api_key k WHERE 'apikey:' || k.name = t.${column} ORDER BY k.created_at DESC LIMIT 1)
          ELSE 'user:' || t.${column} END
        WHERE t.${column} IS NOT NULL`);
    }
    await q.query(`
      WITH RECURSIVE tree AS (
        SELECT id, owner FROM process_instance WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, tree.owner FROM process_instance c JOIN tree ON c.parent_id = tree.id
      )
      UPDATE process_instance p SET owner = tree.owner FROM tree WHERE p.id = tree.id AND p.parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX process_instance_owner ON process_instance (owner, started_at)`);
    await q.query(`CREATE INDEX application_owner ON application (owner, created_at)`);
    await q.query(`CREATE INDEX task_department_instance ON task (department, instance_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_department_instance`);
    await q.query(`DROP INDEX application_owner`);
    await q.query(`DROP INDEX process_instance_owner`);
    await q.query(`DROP INDEX app_user_applicant_code`);
    await q.query(`ALTER TABLE app_user DROP COLUMN applicant_code`);
    await q.query(`ALTER TABLE application DROP COLUMN owner`);
    await q.query(`ALTER TABLE process_instance DROP COLUMN owner`);
  }
}
