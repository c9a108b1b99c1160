import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INHERITED, REGION_DEFAULT, VISIBLE } from './1763990000001-regions';

/**
 * Forms (表单): `form_definition`, one row per version of a form-js schema stored server side
 * (`/api/v1/forms`), linked from user tasks by `zeebe:formDefinition formId` or `camunda:formKey`.
 * A catalogue-like table: a region reads its ancestors' forms and writes its own.
 */
export class Forms1764000000001 implements MigrationInterface {
  name = 'Forms1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE form_definition (
        form_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        name text NOT NULL,
        schema jsonb NOT NULL,
        checksum text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL,
        region text NOT NULL DEFAULT ${REGION_DEFAULT},
        PRIMARY KEY (form_id, version)
      )`);
    await q.query(`ALTER TABLE form_definition ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE form_definition FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY region_read ON form_definition FOR SELECT USING (${VISIBLE} OR ${INHERITED})`);
    await q.query(`CREATE POLICY region_insert ON form_definition FOR INSERT WITH CHECK (${VISIBLE})`);
    await q.query(`CREATE POLICY region_update ON form_definition FOR UPDATE USING (${VISIBLE}) WITH CHECK (${VISIBLE})`);
    await q.query(`CREATE POLICY region_delete ON form_definition FOR DELETE USING (${VISIBLE})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE form_definition`);
  }
}
