import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An idempotent start answers a repeated request with the body of the first response. */
export class IdempotencyResponse1763790000001 implements MigrationInterface {
  name = 'IdempotencyResponse1763790000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN response jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN IF EXISTS response`);
  }
}
