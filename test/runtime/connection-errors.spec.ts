import { DataSource } from 'typeorm';
import { guardConnectionErrors } from '../../libs/runtime/src/database/connection-errors';
import { bindRegions } from '../../libs/runtime/src/database/region-connections';

type Release = (error?: unknown) => void;
interface CheckedOut {
  processID: number;
  listenerCount(event: string): number;
  once(event: 'end', listener: () => void): void;
}

/**
 * A connection the server ends while it is checked out but before TypeORM's query runner listens on
 * it (the window after the region settings statement) must not end the process: the guard hears the
 * server's FATAL instead of node-postgres throwing it as an unhandled `error` event.
 */
describe('a checked-out connection the server ends', () => {
  let dataSource: DataSource;
  let admin: DataSource;
  const heard: Error[] = [];

  beforeAll(async () => {
    const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    dataSource = await new DataSource({ type: 'postgres', url, extra: { max: 2, application_name: 'tongban-guard-spec' } }).initialize();
    guardConnectionErrors(dataSource, (error) => heard.push(error));
    bindRegions(dataSource);
    admin = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await admin?.destroy();
  });

  it('guards a client the pool opens as soon as the pool reports it, before it is handed out', async () => {
    // given: a client the pool has just opened (emitted with `connect` before the caller gets it)
    const pool = (dataSource.driver as unknown as { master: { on(event: 'connect', listener: (client: CheckedOut) => void): void } }).master;
    const opened = new Promise<number>((resolve) => pool.on('connect', (client) => resolve(client.listenerCount('error'))));
    const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<[CheckedOut, Release]> };
    const [first, releaseFirst] = await driver.obtainMasterConnection();
    const [second, releaseSecond] = await driver.obtainMasterConnection();

    // then: listened to from the moment the pool reported it, beside the pool's idle listener it removes next
    expect(await opened).toBe(2);
    releaseFirst();
    releaseSecond();
    expect(first.listenerCount('error')).toBeGreaterThan(0);
    expect(second.listenerCount('error')).toBeGreaterThan(0);
  });

  it('is heard by the guard, not thrown, and the pool hands out a working connection afterwards', async () => {
    // given: a connection checked out the way a query runner does, with nobody but the guard listening on it
    const driver = dataSource.driver as unknown as { obtainMasterConnection(): Promise<[CheckedOut, Release]> };
    const [client, release] = await driver.obtainMasterConnection();
    expect(client.listenerCount('error')).toBe(1);

    // when: the server ends its session
    const ended = new Promise<void>((resolve) => client.once('end', resolve));
    await admin.query('SELECT pg_terminate_backend($1)', [client.processID]);
    await ended;
    release(heard[0]);

    // then: the FATAL reached the guard, and the next checkout is a fresh, working connection
    expect(heard.map((error) => (error as Error & { code?: string }).code)).toContain('57P01');
    const [row] = (await dataSource.query('SELECT 1 AS one')) as { one: number }[];
    expect(row.one).toBe(1);
  });
});
