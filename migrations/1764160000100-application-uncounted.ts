import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `application.uncounted_since`: when a count of the case (a clock warning of the case or of an item,
 * a deferred material's deadline) first reached a year the calendar did not know; null once every
 * count is made. Entering a calendar year recounts the marked cases only (a partial index holds just
 * them), instead of every case's warning rows. The cases whose warning rows miss a clock and level
 * (the rule the marker replaces) are marked here.
 */
export class ApplicationUncounted1764160000100 implements MigrationInterface {
  name = 'ApplicationUncounted1764160000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application ADD COLUMN uncounted_since timestamptz`);
    await q.query(`CREATE INDEX application_uncounted ON application (id) WHERE uncounted_since IS NOT NULL`);
    await q.query(
      `UPDATE application a SET uncounted_since = a.created_at
        WHERE (SELECT count(*) FROM case_clock_warning w WHERE w.application_id = a.id) < 3 * (jsonb_array_length(a.item_definitions) + 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX application_uncounted`);
    await q.query(`ALTER TABLE application DROP COLUMN uncounted_since`);
  }
}
