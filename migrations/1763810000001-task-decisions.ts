import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions leave a trace: a completed task keeps its decision (approve, reject, or one its model
 * declares) and the written opinion (审批意见); an instance stores the outcome its end event
 * declared (`tongban:outcome`), taken from the engine state it is saved with.
 */
export class TaskDecisions1763810000001 implements MigrationInterface {
  name = 'TaskDecisions1763810000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN decision text, ADD COLUMN comment text`);
    await q.query(`ALTER TABLE process_instance ADD COLUMN outcome text GENERATED ALWAYS AS (engine_state ->> 'outcome') STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance DROP COLUMN IF EXISTS outcome`);
    await q.query(`ALTER TABLE task DROP COLUMN IF EXISTS decision, DROP COLUMN IF EXISTS comment`);
  }
}
