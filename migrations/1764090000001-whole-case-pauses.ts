import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pause of a whole case (特别程序 without an item) stores `item` NULL: the case-correction
 * migration created `case_clock_pause.item` NOT NULL, so such a pause failed on every database it
 * created first.
 */
export class WholeCasePauses1764090000001 implements MigrationInterface {
  name = 'WholeCasePauses1764090000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_clock_pause ALTER COLUMN item DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM case_clock_pause WHERE item IS NULL`);
    await q.query(`ALTER TABLE case_clock_pause ALTER COLUMN item SET NOT NULL`);
  }
}
