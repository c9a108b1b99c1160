import { DataSource } from 'typeorm';
import { regionContext, type RegionScope } from '@tongban/kernel';
import { bindRegions, commitWithNextStatement } from '@tongban/runtime';

/**
 * The region scope in session pool mode on ONE pooled connection, so that every caller shares it: the
 * scope travels with the caller's first statement (with its BEGIN, or pipelined around a statement
 * with parameters), is not sent again while the connection carries it, and a rollback — which undoes
 * session settings made inside the transaction — never leaves the connection believed to carry a
 * scope it does not.
 */
jest.setTimeout(60_000);

const scope = (home: string): RegionScope => ({ home, regions: [home], inherited: [] });
const REGION = `SELECT current_setting('tongban.region', true) AS region`;
const regionOf = (rows: { region: string }[]): string => rows[0].region;

describe('region scope per session on a pooled connection', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test', extra: { max: 1 } }).initialize();
    bindRegions(db, 'session');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  /** Counts the statements sent through the pool's one connection while `run` runs. */
  async function counting<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const runner = db.createQueryRunner();
    const client = (await runner.connect()) as { constructor: { prototype: { query: (...args: unknown[]) => unknown } } };
    await runner.release();
    const prototype = client.constructor.prototype;
    const query = prototype.query;
    const statements: string[] = [];
    prototype.query = function countedQuery(this: unknown, ...args: unknown[]): unknown {
      const first = args[0] as string | { text?: string };
      statements.push(typeof first === 'string' ? first : first.text ?? '');
      return query.apply(this, args);
    };
    try {
      return { result: await run(), statements };
    } finally {
      prototype.query = query;
    }
  }

  it('sends the scope with the first statement and not again while the connection carries it', async () => {
    const { result, statements } = await counting(async () => [
      regionOf(await regionContext.run(scope('north'), () => db.query(`${REGION} WHERE $1::int = 1`, [1]))),
      regionOf(await regionContext.run(scope('north'), () => db.query(`${REGION} WHERE $1::int = 1`, [1]))),
      await regionContext.run(scope('south'), () => db.transaction(async (manager) => regionOf(await manager.query(`${REGION} WHERE $1::int = 1`, [1])))),
      regionOf(await regionContext.run(scope('south'), () => db.query(REGION))),
    ]);

    expect(result).toEqual(['north', 'north', 'south', 'south']);
    // north: BEGIN; SET … + the statement + COMMIT (one round trip); then the statement alone;
    // south: START TRANSACTION and the scope inside the statement's own exchange; COMMIT; then the statement alone
    expect(statements.filter((sql) => /SET tongban\.region TO/.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^START TRANSACTION/.test(sql))).toHaveLength(0);
    expect(statements).toHaveLength(7);
  });

  it('forgets a scope set in a transaction that rolled back, so the next caller of that scope sets it again', async () => {
    await regionContext.run(scope('east'), () => db.query(REGION));
    // the scope west is set inside the transaction, which rolls back: the session carries east again
    await expect(regionContext.run(scope('west'), () => db.transaction(async (manager) => {
      await manager.query(`${REGION} WHERE $1::int = 1`, [1]);
      throw new Error('refused');
    }))).rejects.toThrow('refused');

    expect(regionOf(await regionContext.run(scope('west'), () => db.query(REGION)))).toBe('west');
    expect(regionOf(await regionContext.run(scope('west'), () => db.query(`${REGION} WHERE $1::int = 1`, [1])))).toBe('west');
  });

  it('forgets a scope sent with a statement that failed, and the statement ran in no other scope', async () => {
    await regionContext.run(scope('east'), () => db.query(REGION));
    await expect(regionContext.run(scope('west'), () => db.query(`SELECT $1::int AS n`, ['not a number']))).rejects.toThrow(/invalid input syntax/);

    expect(regionOf(await regionContext.run(scope('west'), () => db.query(`${REGION} WHERE $1::int = 1`, [1])))).toBe('west');
    expect(regionOf(await regionContext.run(scope('east'), () => db.query(REGION)))).toBe('east');
  });

  it('keeps SET TRANSACTION working after the scope in the transaction', async () => {
    const [region, level] = await regionContext.run(scope('north'), () =>
      db.transaction('SERIALIZABLE', async (manager) => [regionOf(await manager.query(REGION)), (await manager.query('SHOW transaction_isolation'))[0].transaction_isolation]),
    );
    expect([region, level]).toEqual(['north', 'serializable']);
  });

  it('sends a BEGIN with the next statement when the connection carries the scope: one round trip, not two', async () => {
    await regionContext.run(scope('north'), () => db.query(REGION));
    const { result, statements } = await counting(() => regionContext.run(scope('north'), () => db.transaction(async (manager) => [
      regionOf(await manager.query(`${REGION} WHERE $1::int = 1`, [1])),
      (await manager.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = pg_backend_pid() AND xact_start IS NOT NULL AND $1::int = 1`, [1]))[0].n,
    ])));

    expect(result).toEqual(['north', 1]);
    // the BEGIN travels inside the first statement's exchange: no statement of its own
    expect(statements).toEqual([`${REGION} WHERE $1::int = 1`, expect.stringMatching(/^SELECT count/), 'COMMIT']);
  });

  it('sends a BEGIN with a statement without parameters as one simple query', async () => {
    await regionContext.run(scope('south'), () => db.query(REGION));
    const { result, statements } = await counting(() => regionContext.run(scope('south'), () => db.transaction(async (manager) => regionOf(await manager.query(REGION)))));

    expect(result).toBe('south');
    expect(statements).toEqual([`START TRANSACTION; ${REGION}`, 'COMMIT']);
  });

  it('never runs the statement sent with a BEGIN that failed: not in autocommit, not at all', async () => {
    const table = `begin_failed_${process.pid}`;
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (n int)`);
    try {
      const cases = [['with parameters', `INSERT INTO ${table} (n) VALUES ($1)`, [1]], ['without', `INSERT INTO ${table} (n) VALUES (2)`, []]] as const;
      // the connection carrying the scope already (the BEGIN alone rides with the INSERT), or another (the BEGIN and the scope)
      for (const [label, insert, values, carried] of cases.flatMap(([l, i, v]) => [[l, i, v, 'north'], [l, i, v, 'east']] as const)) {
        await regionContext.run(scope(carried), () => db.query(REGION));
        const runner = db.createQueryRunner();
        try {
          await regionContext.run(scope('north'), async () => {
            await runner.connect();
            // held back, answered at once: it fails only once it reaches the server, with the INSERT
            await runner.query('BEGIN ISOLATION LEVEL NONSENSE');
            await expect(runner.query(insert, [...values])).rejects.toThrow(/syntax error/);
          });
        } finally {
          await runner.release();
        }
        expect([label, (await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n]).toEqual([label, 0]);
        // and the connection is usable, outside any transaction
        expect(regionOf(await regionContext.run(scope('north'), () => db.query(`${REGION} WHERE $1::int = 1`, [1])))).toBe('north');
      }
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  });

  it('writes the COMMIT with the transaction\'s last statement when asked: one round trip, and the caller\'s COMMIT sends nothing', async () => {
    const table = `commit_ahead_${process.pid}`;
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (n int)`);
    try {
      // a last statement with parameters, and one without
      for (const [label, last, values] of [['with parameters', `INSERT INTO ${table} (n) VALUES ($1)`, [2]], ['without', `INSERT INTO ${table} (n) VALUES (2)`, []]] as const) {
        await db.query(`DELETE FROM ${table}`);
        await regionContext.run(scope('north'), () => db.query(REGION));
        const { result, statements } = await counting(() => regionContext.run(scope('north'), () => db.transaction(async (manager) => {
          await manager.query(`INSERT INTO ${table} (n) VALUES ($1)`, [1]);
          const asked = commitWithNextStatement(manager);
          await manager.query(last, [...values]);
          return asked;
        })));

        expect([label, result]).toEqual([label, true]);
        // the BEGIN rides with the first INSERT, the COMMIT with the last: no statement of its own
        expect([label, statements]).toEqual([label, [`INSERT INTO ${table} (n) VALUES ($1)`, last]]);
        expect([label, (await db.query(`SELECT n FROM ${table} ORDER BY n`)).map((row: { n: number }) => row.n)]).toEqual([label, [1, 2]]);
        expect(regionOf(await regionContext.run(scope('north'), () => db.query(`${REGION} WHERE $1::int = 1`, [1])))).toBe('north');
      }
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  });

  it('commits nothing when the last statement written with the COMMIT fails: the transaction rolls back and the connection is usable', async () => {
    const table = `commit_ahead_failed_${process.pid}`;
    await db.query(`CREATE TABLE IF NOT EXISTS ${table} (n int)`);
    try {
      // the connection carrying the scope already, or another (the scope set inside the transaction is then forgotten)
      for (const carried of ['north', 'east']) {
        await regionContext.run(scope(carried), () => db.query(REGION));
        await expect(regionContext.run(scope('north'), () => db.transaction(async (manager) => {
          await manager.query(`INSERT INTO ${table} (n) VALUES ($1)`, [1]);
          expect(commitWithNextStatement(manager)).toBe(true);
          await manager.query(`INSERT INTO ${table} (n) VALUES ($1::int)`, ['not a number']);
        }))).rejects.toThrow(/invalid input syntax/);

        expect([carried, (await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n]).toEqual([carried, 0]);
        expect(regionOf(await regionContext.run(scope('south'), () => db.query(`${REGION} WHERE $1::int = 1`, [1])))).toBe('south');
        expect(regionOf(await regionContext.run(scope('north'), () => db.transaction((manager) => manager.query(REGION))))).toBe('north');
      }
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  });

  it('does not write the COMMIT ahead outside a transaction or in a nested one', async () => {
    await regionContext.run(scope('north'), async () => {
      expect(commitWithNextStatement(db.manager)).toBe(false);
      await db.transaction(async (manager) => {
        await manager.query(REGION);
        await manager.transaction(async (nested) => {
          expect(commitWithNextStatement(nested)).toBe(false);
        });
      });
    });
  });

  it('gives concurrent callers of different scopes on the one connection each its own', async () => {
    const homes = ['north', 'south', 'north', 'east', 'east', 'west'];
    const seen = await Promise.all(homes.map((home, i) => regionContext.run(scope(home), () =>
      (i % 2 === 0 ? db.query(`${REGION} WHERE $1::int = 1`, [1]) : db.transaction((manager) => manager.query(REGION))).then(regionOf))));
    expect(seen).toEqual(homes);
  });
});
