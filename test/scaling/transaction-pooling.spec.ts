import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { regionContext, type RegionScope } from '@tongban/kernel';
import { bindRegions } from '@tongban/runtime';
import { pgBouncerAvailable, startPgBouncer, type PgBouncer } from './support/pgbouncer';

/**
 * The statements `DATABASE_POOL_MODE=transaction` sends, behind PgBouncer in transaction pooling with
 * ONE server connection, so that every caller's transactions share it and anything left on it would
 * reach the next: each statement sees its caller's scope, inside or outside a transaction, with or
 * without parameters, and the server connection is clean after each.
 */
jest.setTimeout(60_000);

const scope = (home: string): RegionScope => ({ home, regions: [home], inherited: [] });
const REGION = `SELECT current_setting('tongban.region', true) AS region, current_setting('tongban.regions', true) AS regions`;

(pgBouncerAvailable() ? describe : describe.skip)('region scope per transaction behind a transaction pooler', () => {
  const direct = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  let pooler: PgBouncer;
  let db: DataSource;
  let bare: Client;

  beforeAll(async () => {
    pooler = await startPgBouncer(direct, 'transaction', 1);
    db = await new DataSource({ type: 'postgres', url: pooler.url, extra: { max: 6 } }).initialize();
    bindRegions(db, 'transaction');
    bare = new Client({ connectionString: pooler.url });
    await bare.connect();
  });

  afterAll(async () => {
    await bare?.end();
    await db?.destroy();
    pooler?.stop();
  });

  /** What the shared server connection carries between transactions. */
  async function leftOnServer(): Promise<unknown> {
    return (await bare.query(REGION)).rows[0];
  }

  it('gives a statement outside a transaction its caller\'s scope, with and without parameters, concurrently', async () => {
    const seen = await Promise.all(
      ['north', 'south', 'east'].flatMap((home) => [
        regionContext.run(scope(home), () => db.query(REGION)),
        regionContext.run(scope(home), () => db.query(`SELECT current_setting($1, true) AS region, current_setting($2, true) AS regions`, ['tongban.region', 'tongban.regions'])),
      ]),
    );
    expect(seen.map(([row]: { region: string; regions: string }[]) => row)).toEqual(
      ['north', 'south', 'east'].flatMap((home) => [{ region: home, regions: home }, { region: home, regions: home }]),
    );
    expect(await leftOnServer()).toEqual({ region: '', regions: '' });
  });

  it('keeps the scope for a whole transaction, after SET TRANSACTION too, and rolls it back with it', async () => {
    const [inside, level] = await regionContext.run(scope('west'), () =>
      db.transaction('SERIALIZABLE', async (manager) => [await manager.query(`${REGION} WHERE $1::int = 1`, [1]), await manager.query('SHOW transaction_isolation')]),
    );
    expect(inside).toEqual([{ region: 'west', regions: 'west' }]);
    expect(level).toEqual([{ transaction_isolation: 'serializable' }]);
    await expect(regionContext.run(scope('west'), () => db.transaction(async (manager) => {
      await manager.query('SELECT 1');
      throw new Error('rolled back');
    }))).rejects.toThrow('rolled back');
    expect(await leftOnServer()).toEqual({ region: '', regions: '' });
  });

  it('ends the short transaction of a failing statement, so the connection serves the next caller', async () => {
    const runner = db.createQueryRunner();
    try {
      await expect(regionContext.run(scope('north'), async () => runner.query('SELECT 1 / $1::int', [0]))).rejects.toThrow(/division by zero/);
      await expect(regionContext.run(scope('north'), async () => runner.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      expect(await runner.query(`${REGION} WHERE $1::int = 1`, [1])).toEqual([{ region: 'north', regions: 'north' }]);
    } finally {
      await runner.release();
    }
    expect(await leftOnServer()).toEqual({ region: '', regions: '' });
  });
});
