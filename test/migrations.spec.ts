import { randomBytes } from 'node:crypto';
import { runMigrations } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';

const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function urlFor(database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

describe('migrations', () => {
  const database = `tongban_migrations_${randomBytes(4).toString('hex')}`;
  let admin: DataSource;

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: baseUrl }).initialize();
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  });

  it('migrates a fresh database exactly once when four processes start together', async () => {
    // given
    const sources = await Promise.all(
      [1, 2, 3, 4].map(() => new DataSource({ type: 'postgres', url: urlFor(database), migrations: MIGRATIONS, migrationsTableName: 'schema_migration' }).initialize()),
    );
    try {
      // when
      await Promise.all(sources.map((source) => runMigrations(source)));

      // then
      const applied: { name: string }[] = await sources[0].query(`SELECT name FROM schema_migration ORDER BY id`);
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
      const tables = await sources[0].query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(expect.arrayContaining([
        'api_key', 'app_user', 'deployment', 'history_event', 'incident', 'outbox', 'process_definition', 'process_instance', 'schema_migration', 'task',
      ]));
      // the rows a command writes under its instance's lock carry no foreign key to it (HotPathForeignKeys1764160000300)
      const keys: { table: string }[] = await sources[0].query(
        `SELECT conrelid::regclass::text AS table FROM pg_constraint WHERE contype = 'f' AND confrelid = 'process_instance'::regclass ORDER BY 1`,
      );
      expect(keys.map((k) => k.table)).toEqual(['incident', 'job', 'message_subscription', 'process_instance', 'signal_subscription', 'timer']);
      // nor does an instance to its definition, which every start of a bundle would lock (InstanceDefinitionKey1764160000302)
      const definitionKeys: { table: string }[] = await sources[0].query(
        `SELECT conrelid::regclass::text AS table FROM pg_constraint WHERE contype = 'f' AND confrelid = 'process_definition'::regclass ORDER BY 1`,
      );
      expect(definitionKeys.map((k) => k.table)).toEqual(['timer']);
      // history is read and trimmed by instance: no key of its own (HistoryWithoutPrimaryKey1764160000301)
      const historyIndexes: { name: string }[] = await sources[0].query(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'history_event' ORDER BY 1`);
      expect(historyIndexes.map((index) => index.name)).toEqual(['history_event_at', 'history_event_instance']);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });
});
