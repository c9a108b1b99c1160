import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The skeleton schema: definitions, instances, tasks, history, incidents, outbox, identity. */
export class InitialSchema1763780000000 implements MigrationInterface {
  name = 'InitialSchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deployment (
        id uuid PRIMARY KEY,
        name text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE process_definition (
        id uuid PRIMARY KEY,
        deployment_id uuid NOT NULL REFERENCES deployment(id),
        key text NOT NULL,
        version integer NOT NULL,
        name text,
        resource_name text NOT NULL,
        checksum char(64) NOT NULL,
        xml text NOT NULL,
        model jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT process_definition_key_version UNIQUE (key, version)
      )`);
    await q.query(`
      CREATE TABLE process_instance (
        id uuid PRIMARY KEY,
        definition_id uuid NOT NULL REFERENCES process_definition(id),
        process_key text NOT NULL,
        definition_version integer NOT NULL,
        business_key text,
        parent_id uuid REFERENCES process_instance(id),
        parent_element_key text,
        state text NOT NULL,
        engine_state jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        started_by text,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX process_instance_key_state ON process_instance (process_key, state)`);
    await q.query(`CREATE INDEX process_instance_state ON process_instance (state)`);
    await q.query(`CREATE UNIQUE INDEX process_instance_parent_call ON process_instance (parent_id, parent_element_key) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX process_instance_business_key ON process_instance (process_key, business_key) WHERE business_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        process_key text NOT NULL,
        element_id text NOT NULL,
        element_key text NOT NULL,
        name text,
        department text,
        candidate_groups text[] NOT NULL DEFAULT '{}',
        assignee text,
        state text NOT NULL,
        variables jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        claimed_at timestamptz,
        ended_at timestamptz,
        completed_by text,
        CONSTRAINT task_instance_element_key UNIQUE (instance_id, element_key)
      )`);
    await q.query(`CREATE INDEX task_department_state ON task (department, state, created_at)`);
    await q.query(`CREATE INDEX task_assignee_state ON task (assignee, state) WHERE assignee IS NOT NULL`);
    await q.query(`
      CREATE TABLE history_event (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        type text NOT NULL,
        element_id text,
        element_key text,
        at timestamptz NOT NULL,
        actor text,
        data jsonb
      )`);
    await q.query(`CREATE INDEX history_event_instance ON history_event (instance_id, id)`);
    await q.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        incident_key text NOT NULL,
        element_id text NOT NULL,
        type text NOT NULL,
        message text NOT NULL,
        state text NOT NULL,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz,
        CONSTRAINT incident_instance_key UNIQUE (instance_id, incident_key)
      )`);
    await q.query(`CREATE INDEX incident_open ON incident (instance_id) WHERE state = 'open'`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue_prefix text NOT NULL,
        topic text NOT NULL,
        type text NOT NULL,
        instance_id uuid,
        payload jsonb NOT NULL,
        available_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (queue_prefix, id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        department text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        key_hash char(64) NOT NULL UNIQUE,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['api_key', 'app_user', 'outbox', 'incident', 'history_event', 'task', 'process_instance', 'process_definition', 'deployment']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
