import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { createApi } from '../../apps/api/src/bootstrap';
import { createWorker } from '../../apps/worker/src/bootstrap';
import { PrivateRedis } from './support/private-redis';

/** Connections to the private Redis other than the probe itself. */
/** Polls the client count until `wanted` holds or `ms` passed, and returns the last count. */
async function clientsOnceSettled(probe: IORedis, wanted: (count: number) => boolean, ms = 10_000): Promise<number> {
  const deadline = Date.now() + ms;
  let count = await otherClients(probe);
  while (!wanted(count) && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    count = await otherClients(probe);
  }
  return count;
}

async function otherClients(probe: IORedis): Promise<number> {
  const list = (await probe.client('LIST')) as string;
  return list.trim().split('\n').filter((line) => line.length > 0).length - 1;
}

describe('graceful shutdown', () => {
  let redis: PrivateRedis;
  let probe: IORedis;
  const env = { REDIS_URL: process.env.REDIS_URL, TONGBAN_QUEUE_PREFIX: process.env.TONGBAN_QUEUE_PREFIX };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    probe = new IORedis(redis.url);
    process.env.REDIS_URL = redis.url;
    process.env.TONGBAN_QUEUE_PREFIX = `tongban-shutdown-${randomBytes(4).toString('hex')}`;
    process.env.NODE_ENV ??= 'test';
  });

  afterAll(async () => {
    probe.disconnect();
    await redis.kill();
    process.env.REDIS_URL = env.REDIS_URL;
    process.env.TONGBAN_QUEUE_PREFIX = env.TONGBAN_QUEUE_PREFIX;
  });

  it('closes every BullMQ worker and Redis connection of a worker process', async () => {
    // given
    const worker = await createWorker();
    expect(await clientsOnceSettled(probe, (count) => count > 0)).toBeGreaterThan(0);

    // when
    const started = Date.now();
    await worker.close();

    // then
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await clientsOnceSettled(probe, (count) => count === 0)).toBe(0);
  }, 30_000);

  it('closes the api with its in-process worker the same way', async () => {
    const api = await createApi({ port: 0, withWorker: true });
    expect(await clientsOnceSettled(probe, (count) => count > 0)).toBeGreaterThan(0);

    await api.close();

    expect(await clientsOnceSettled(probe, (count) => count === 0)).toBe(0);
  }, 30_000);
});
