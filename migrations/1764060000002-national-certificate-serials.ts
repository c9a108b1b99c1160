import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificate serials are national: the identifier of an e-certificate (type, issuer, serial) is
 * unique across the country, so every region counts on the same `certificate_serial` row of a type
 * and issuer. The counter holds no case data.
 *
 * 1. A permissive policy lets every region's connection read and advance every counter (the rows
 *    keep the region that first counted them).
 */
export class NationalCertificateSerials1764060000002 implements MigrationInterface {
  name = 'NationalCertificateSerials1764060000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE POLICY national_serial ON certificate_serial USING (true) WITH CHECK (true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY national_serial ON certificate_serial`);
  }
}
