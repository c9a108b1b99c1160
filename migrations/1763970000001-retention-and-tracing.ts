import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and tracing:
 * - `outbox.created_at` is indexed, so trimming published rows and the queue listing stay cheap on a
 *   large outbox; `outbox.trace_parent` carries the W3C trace context of the command that wrote
 *   the row to the job the relay publishes (api → outbox → worker in one trace);
 * - `history_event.at` is indexed for history retention;
 * - the append-only audit log gives up rows only through `trim_identity_audit(days)`, a SECURITY
 *   DEFINER function the application role may call: it deletes rows older than the given number of
 *   days but never younger than 180 days, and the append-only trigger checks that age again, so
 *   neither the application nor a mistaken setting can shorten the audit trail.
 */
export class RetentionAndTracing1763970000001 implements MigrationInterface {
  name = 'RetentionAndTracing1763970000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN trace_parent text`);
    await q.query(`CREATE INDEX outbox_created_at ON outbox (created_at)`);
    await q.query(`CREATE INDEX history_event_at ON history_event (at)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND current_setting('tongban.audit_trim', true) = 'on'
           AND OLD.at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'identity_audit is append-only';
      END $$`);
    await q.query(`
      CREATE FUNCTION trim_identity_audit(keep_days integer) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        deleted integer;
      BEGIN
        IF keep_days IS NULL OR keep_days < 180 THEN
          RAISE EXCEPTION 'the audit log is kept at least 180 days, not %', keep_days;
        END IF;
        PERFORM set_config('tongban.audit_trim', 'on', true);
        DELETE FROM identity_audit WHERE at < now() - make_interval(days => keep_days);
        GET DIAGNOSTICS deleted = ROW_COUNT;
        PERFORM set_config('tongban.audit_trim', 'off', true);
        RETURN deleted;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION trim_identity_audit(integer) FROM PUBLIC`);
    await q.query(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tongban_app') THEN GRANT EXECUTE ON FUNCTION trim_identity_audit(integer) TO tongban_app; END IF; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION trim_identity_audit(integer)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'identity_audit is append-only';
      END $$`);
    await q.query(`DROP INDEX history_event_at`);
    await q.query(`DROP INDEX outbox_created_at`);
    await q.query(`ALTER TABLE outbox DROP COLUMN trace_parent`);
  }
}
