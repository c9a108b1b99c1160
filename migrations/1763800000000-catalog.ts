import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue and the one-thing bundles: versioned catalogue entries (fields, certificate
 * types, service items), bundles, e-certificates with their serial counters, attachments (bytes in
 * PostgreSQL) and applications (cases).
 */
export class Catalog1763800000000 implements MigrationInterface {
  name = 'Catalog1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_entry (
        kind text NOT NULL,
        key text NOT NULL,
        version integer NOT NULL,
        body jsonb NOT NULL,
        checksum char(64) NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, key, version)
      )`);
    await q.query(`
      CREATE TABLE bundle (
        code text PRIMARY KEY,
        name text NOT NULL,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        artifacts jsonb NOT NULL,
        bpmn_xml text NOT NULL,
        bpmn_edited boolean NOT NULL DEFAULT false,
        process_key text NOT NULL,
        deployed_definition_id uuid,
        deployed_version integer,
        created_by text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE certificate (
        id text PRIMARY KEY,
        type text NOT NULL,
        number text NOT NULL,
        issuer text NOT NULL,
        issuer_code text,
        issued_at timestamptz NOT NULL,
        valid_until text,
        holder_code_type text NOT NULL,
        holder_code text NOT NULL,
        holder_name text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL,
        application_id uuid,
        issued_item text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT certificate_type_number UNIQUE (type, number)
      )`);
    await q.query(`CREATE INDEX certificate_holder ON certificate (holder_code, type)`);
    await q.query(`CREATE UNIQUE INDEX certificate_issued_once ON certificate (application_id, issued_item) WHERE application_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE certificate_serial (
        type_code text NOT NULL,
        issuer_code text NOT NULL,
        last_serial bigint NOT NULL,
        PRIMARY KEY (type_code, issuer_code)
      )`);
    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        size integer NOT NULL,
        media_type text NOT NULL,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE application (
        id uuid PRIMARY KEY,
        bundle_code text NOT NULL REFERENCES bundle(code),
        bundle_version integer NOT NULL,
        process_instance_id uuid NOT NULL UNIQUE,
        applicant_type text NOT NULL,
        applicant_code text NOT NULL,
        applicant_name text NOT NULL,
        form jsonb NOT NULL,
        resolution jsonb NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX application_applicant ON application (applicant_code, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['application', 'attachment', 'certificate_serial', 'certificate', 'bundle', 'catalog_entry']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
