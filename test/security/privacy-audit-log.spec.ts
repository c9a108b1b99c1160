import { DataSource, type QueryRunner } from 'typeorm';
import { useTestApp } from '../support/use-test-app';

describe('the audit log and the least-privilege database role', () => {
  const { t, api } = useTestApp();
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  /** Runs `statement` as `tongban_app` in a transaction that is rolled back; the error it raised, if any. */
  async function asApp(statement: string): Promise<string | null> {
    const q: QueryRunner = db.createQueryRunner();
    await q.startTransaction();
    try {
      await q.query('SET LOCAL ROLE tongban_app');
      // as the app's connections do for a caller of the root region (row-level security reads these)
      await q.query(`SELECT set_config('tongban.region', 'cn', true), set_config('tongban.regions', 'cn', true)`);
      await q.query(statement);
      return null;
    } catch (error) {
      return (error as Error).message;
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  }

  it('is a role that cannot log in, is no superuser and cannot create objects', async () => {
    // when
    const [role] = await db.query(`SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = 'tongban_app'`);

    // then
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
    expect(await asApp('CREATE TABLE sneaky (id int)')).toMatch(/permission denied/);
  });

  it('lets the application role append to and read the audit log, but not UPDATE, DELETE or TRUNCATE it', async () => {
    // given: a read of personal data is on the log
    await t.http.get('/api/v1/applications').set('Authorization', await api.as('supervisor'));

    // when / then
    expect(await asApp(`INSERT INTO identity_audit (actor, action, target) VALUES ('spec', 'personal-data.read', 'applications')`)).toBeNull();
    expect(await asApp(`SELECT count(*) FROM identity_audit`)).toBeNull();
    expect(await asApp(`UPDATE identity_audit SET actor = 'someone else'`)).toMatch(/permission denied/);
    expect(await asApp(`DELETE FROM identity_audit`)).toMatch(/permission denied/);
    expect(await asApp(`TRUNCATE identity_audit`)).toMatch(/permission denied/);
  });

  it('keeps the audit log append-only even for the owner of the schema', async () => {
    // given
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM identity_audit`);
    expect(count).toBeGreaterThan(0);

    // when
    const update = db.query(`UPDATE identity_audit SET actor = 'someone else'`);
    const remove = db.query(`DELETE FROM identity_audit`);
    const truncate = db.query(`TRUNCATE identity_audit`);

    // then
    await expect(update).rejects.toThrow(/append-only/);
    await expect(remove).rejects.toThrow(/append-only/);
    await expect(truncate).rejects.toThrow(/append-only/);
    expect((await db.query(`SELECT count(*)::int AS count FROM identity_audit`))[0].count).toBeGreaterThanOrEqual(count);
  });

  it('lets the application role read and write the case tables', async () => {
    // when / then
    expect(await asApp(`SELECT count(*) FROM process_instance`)).toBeNull();
    expect(await asApp(`UPDATE application SET id = id WHERE false`)).toBeNull();
    expect(await asApp(`SELECT nextval(pg_get_serial_sequence('identity_audit', 'id'))`)).toBeNull();
    expect(await asApp(`INSERT INTO schema_migration (timestamp, name) VALUES (1, 'forged')`)).toMatch(/permission denied/);
  });
});
