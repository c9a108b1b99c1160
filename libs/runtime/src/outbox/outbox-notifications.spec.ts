import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL, OutboxNotifications } from './outbox-notifications';

/** The outbox listener's dedicated PostgreSQL connection never outlives `stop()`. */
describe('OutboxNotifications', () => {
  const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

  beforeAll(async () => {
    await admin.initialize();
  });

  afterAll(async () => {
    await admin.destroy();
  });

  /** A connection string whose connections carry a name of their own (it wins over the client's). */
  function namedUrl(name: string): string {
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.searchParams.set('application_name', name);
    return url.toString();
  }

  async function connectionsNamed(name: string): Promise<number> {
    const rows = (await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])) as { n: number }[];
    return rows[0].n;
  }

  it('closes a connection that was still being opened when it was stopped (an application closed right after it started)', async () => {
    // given: a listener whose connection is being opened
    const name = `outbox-listener-${randomBytes(4).toString('hex')}`;
    const notifications = new OutboxNotifications(namedUrl(name), 'prefix', () => undefined);
    const started = notifications.start();

    // when
    await notifications.stop();
    await started;

    // then
    expect(await connectionsNamed(name)).toBe(0);
  });

  it('closes its open connection when stopped', async () => {
    // given
    const name = `outbox-listener-${randomBytes(4).toString('hex')}`;
    const notifications = new OutboxNotifications(namedUrl(name), 'prefix', () => undefined);
    await notifications.start();
    expect(await connectionsNamed(name)).toBe(1);

    // when
    await notifications.stop();

    // then
    expect(await connectionsNamed(name)).toBe(0);
  });

  it('names the backend that notified: the process id of the pool connection that committed (how a relay knows its own echoes)', async () => {
    // given: a listener, and the process ids of the admin pool's connections as they are checked out
    const prefix = `prefix-${randomBytes(4).toString('hex')}`;
    const heard: number[] = [];
    const notifications = new OutboxNotifications(process.env.DATABASE_URL ?? '', prefix, (backend) => heard.push(backend));
    await notifications.start();
    const checkedOut: number[] = [];
    const pool = (admin.driver as unknown as { master: { on(event: 'acquire', listener: (client: { processID: number }) => void): void; off(event: 'acquire', listener: (client: { processID: number }) => void): void } }).master;
    const acquired = (client: { processID: number }) => checkedOut.push(client.processID);
    pool.on('acquire', acquired);
    try {
      // when: a statement of that pool notifies the channel
      await admin.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, prefix]);
      for (let waited = 0; heard.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));

      // then
      expect(checkedOut).toHaveLength(1);
      expect(heard).toEqual([checkedOut[0]]);
    } finally {
      pool.off('acquire', acquired);
      await notifications.stop();
    }
  });
});
