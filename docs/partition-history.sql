-- Turns history_event into a table range-partitioned by month on `at` (docs/scaling.md, "Partitioning
-- history by time"). Run as the schema owner (DATABASE_MIGRATION_URL) with the api and worker stopped:
--   psql -v ON_ERROR_STOP=1 -d "$DATABASE_MIGRATION_URL" -f docs/partition-history.sql
-- Needs the migrations HotPathForeignKeys1764160000300 (no foreign key to process_instance) and
-- HistoryWithoutPrimaryKey1764160000301 (no primary key). One transaction: on any
-- error nothing changes. Rows are copied, so it takes the time of one INSERT … SELECT of the table.
-- Partitions are created from the oldest row's month to three months ahead; create the following
-- months ahead of time (a monthly job, `CREATE TABLE history_event_yYYYYmMM PARTITION OF history_event
-- FOR VALUES FROM (…) TO (…)`): rows beyond the last month land in history_event_default.
BEGIN;
-- the owner is bound by row-level security too (FORCE): see every region while copying
SELECT set_config('tongban.regions', '*', true);
LOCK TABLE history_event IN ACCESS EXCLUSIVE MODE;
ALTER TABLE history_event RENAME TO history_event_unpartitioned;
ALTER INDEX history_event_at RENAME TO history_event_unpartitioned_at;
ALTER INDEX history_event_instance RENAME TO history_event_unpartitioned_instance;

CREATE TABLE history_event (LIKE history_event_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (at);
ALTER SEQUENCE history_event_id_seq OWNED BY history_event.id;
CREATE INDEX history_event_at ON history_event USING brin (at);
CREATE INDEX history_event_instance ON history_event (instance_id, id);

DO $$
DECLARE
  month date := date_trunc('month', coalesce((SELECT min(at) FROM history_event_unpartitioned), now()) AT TIME ZONE 'UTC')::date;
  last date := (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date;
  policy record;
  grant_row record;
BEGIN
  WHILE month <= last LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF history_event FOR VALUES FROM (%L) TO (%L)',
      'history_event_y' || to_char(month, 'YYYY') || 'm' || to_char(month, 'MM'),
      month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    month := (month + interval '1 month')::date;
  END LOOP;
  EXECUTE 'CREATE TABLE history_event_default PARTITION OF history_event DEFAULT';
  -- the same row-level security and grants as before
  EXECUTE 'ALTER TABLE history_event ENABLE ROW LEVEL SECURITY';
  EXECUTE 'ALTER TABLE history_event FORCE ROW LEVEL SECURITY';
  FOR policy IN SELECT policyname, permissive, cmd, roles, qual, with_check FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'history_event_unpartitioned' LOOP
    EXECUTE format('CREATE POLICY %I ON history_event AS %s FOR %s TO %s%s%s', policy.policyname, policy.permissive, policy.cmd,
      array_to_string(policy.roles, ', '),
      CASE WHEN policy.qual IS NULL THEN '' ELSE ' USING (' || policy.qual || ')' END,
      CASE WHEN policy.with_check IS NULL THEN '' ELSE ' WITH CHECK (' || policy.with_check || ')' END);
  END LOOP;
  FOR grant_row IN SELECT grantee, privilege_type FROM information_schema.role_table_grants
                    WHERE table_schema = current_schema() AND table_name = 'history_event_unpartitioned' AND grantee <> current_user LOOP
    EXECUTE format('GRANT %s ON history_event TO %I', grant_row.privilege_type, grant_row.grantee);
  END LOOP;
END $$;

INSERT INTO history_event SELECT * FROM history_event_unpartitioned;
DROP TABLE history_event_unpartitioned;
COMMIT;
