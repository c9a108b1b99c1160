import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { regionContext, type RegionScope } from '@tongban/kernel';
import { bindRegions } from '@tongban/runtime';
import { applications } from '../../libs/catalog/src/persistence/application.repository';
import { bundles } from '../../libs/catalog/src/persistence/bundle.repository';

/**
 * Named (server-side prepared) statements in session pool mode, on ONE pooled connection: a statement
 * with parameters that runs again is parsed and planned once on the connection, not at every
 * execution; the number of named statements per connection is bounded; texts that could change their
 * result type, texts seen once, very long texts and transaction pool mode stay unnamed.
 */
jest.setTimeout(60_000);

const URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const scope: RegionScope = { home: 'north', regions: ['north'], inherited: [] };
/** A text no other test of the process sends (names are given per text, process-wide). */
const unique = (sql: string): string => `${sql} /* ${randomBytes(6).toString('hex')} */`;

interface Prepared {
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

describe('named statements on a pooled connection', () => {
  const sources: DataSource[] = [];

  async function open(mode: 'session' | 'transaction', preparedStatements?: number): Promise<DataSource> {
    const db = await new DataSource({ type: 'postgres', url: URL, extra: { max: 1 } }).initialize();
    bindRegions(db, mode, preparedStatements);
    sources.push(db);
    return db;
  }

  /** The named statements of the pool's one connection whose text contains `marker`. */
  async function prepared(db: DataSource, marker: string): Promise<Prepared[]> {
    const rows = (await regionContext.run(scope, () => db.query(`SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements`))) as Prepared[];
    return rows.filter((row) => row.statement.includes(marker));
  }

  const run = (db: DataSource, sql: string, values: unknown[]) => regionContext.run(scope, () => db.query(sql, values));

  afterAll(async () => {
    await Promise.all(sources.map((db) => db.destroy()));
  });

  it('parses and plans a statement run again once on the connection: five custom plans, then its generic plan', async () => {
    const db = await open('session');
    const sql = unique(`SELECT $1::int + 1 AS n`);
    for (let i = 0; i < 10; i++) expect(await run(db, sql, [i])).toEqual([{ n: i + 1 }]);

    const [statement, ...others] = await prepared(db, sql);
    expect(others).toHaveLength(0);
    // the first execution went unnamed (a text seen once is never named); the next nine used the named statement
    expect({ custom: Number(statement.custom_plans), generic: Number(statement.generic_plans) }).toEqual({ custom: 5, generic: 4 });
  });

  it('leaves a text seen once, a result of whole rows and a very long text unnamed', async () => {
    const db = await open('session');
    const once = unique(`SELECT $1::int AS once`);
    await run(db, once, [1]);
    const star = unique(`SELECT * FROM (SELECT $1::int AS n) whole`);
    for (let i = 0; i < 3; i++) await run(db, star, [i]);
    const returning = unique(`WITH t AS (SELECT $1::int AS n) SELECT t.* FROM t`);
    for (let i = 0; i < 3; i++) await run(db, returning, [i]);
    const long = unique(`SELECT $1::int AS n${', 1 AS x'.repeat(1500)}`);
    for (let i = 0; i < 3; i++) await run(db, long, [i]);

    expect(await prepared(db, '/*')).toEqual([]);
  });

  it('keeps at most the given number of named statements on a connection; the others run unnamed', async () => {
    const db = await open('session', 3);
    const texts = Array.from({ length: 5 }, (_, i) => unique(`SELECT $1::int * ${i} AS n`));
    for (let round = 0; round < 3; round++) {
      for (const [i, sql] of texts.entries()) expect(await run(db, sql, [2])).toEqual([{ n: 2 * i }]);
    }
    expect((await prepared(db, '/*')).map((row) => row.statement).sort()).toEqual(texts.slice(0, 3).sort());
  });

  it('names nothing with a limit of 0, nor in transaction pool mode', async () => {
    for (const db of [await open('session', 0), await open('transaction')]) {
      const sql = unique(`SELECT $1::int AS n`);
      for (let i = 0; i < 3; i++) expect(await run(db, sql, [i])).toEqual([{ n: i }]);
      expect(await prepared(db, sql)).toEqual([]);
    }
  });

  it('keeps a named statement through a rollback and a failed execution', async () => {
    const db = await open('session');
    const sql = unique(`SELECT $1::int AS n`);
    await run(db, sql, [1]);
    await expect(regionContext.run(scope, () => db.transaction(async (manager) => {
      expect(await manager.query(sql, [2])).toEqual([{ n: 2 }]);
      throw new Error('refused');
    }))).rejects.toThrow('refused');
    await expect(run(db, sql, ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect(await run(db, sql, [3])).toEqual([{ n: 3 }]);
    expect(await regionContext.run(scope, () => db.transaction((manager) => manager.query(sql, [4])))).toEqual([{ n: 4 }]);

    const [statement] = await prepared(db, sql);
    expect(Number(statement.custom_plans)).toBe(3);
  });

  it('names the catalog\'s reads of whole cases and bundles, which list their columns: a case by its instance or id, a bundle by its code', async () => {
    const db = await open('session');
    const instanceId = '00000000-0000-4000-8000-000000000001';
    for (let i = 0; i < 3; i++) {
      await regionContext.run(scope, () => db.transaction(async (manager) => {
        expect(await applications.findByInstance(manager, instanceId, 'command')).toBeUndefined();
        expect(await applications.find(manager, instanceId)).toBeUndefined();
        expect(await bundles.find(manager, `no-such-bundle-${i}`)).toBeUndefined();
      }));
    }

    const named = (await prepared(db, '')).map((row) => row.statement);
    expect(named.filter((sql) => /^SELECT id, .* FROM application WHERE process_instance_id = \$1 AND region = current_setting/.test(sql))).toHaveLength(1);
    expect(named.filter((sql) => /^SELECT id, .* FROM application WHERE id = \$1 AND region = current_setting/.test(sql))).toHaveLength(1);
    expect(named.filter((sql) => /^SELECT code, .* FROM bundle WHERE code = \$1$/.test(sql))).toHaveLength(1);
  });
});
