import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DEMO_API_KEY } from '@tongban/identity';
import type { TestClock } from '@tongban/runtime';
import request from 'supertest';
import { createApi } from '../../apps/api/src/bootstrap';
import { scanKeys, testQueuePrefix, testRedis } from './test-redis';

export interface TestAppOptions {
  /**
   * The app's clock: it stands still until the test moves it (`advanceClock`). The system clock
   * when absent. An app on a test clock sweeps once at start only; `advanceClock` sweeps the timers
   * of its own instances, so a clock moved ahead never fires the timers of other test files sharing
   * the database.
   */
  clock?: TestClock;
  /** The queue prefix: another app's, to restart it on the same queues (a new one when absent). */
  queuePrefix?: string;
}

export interface TestApp {
  app: INestApplication;
  /** supertest bound to the running api. */
  http: ReturnType<typeof request.agent>;
  /** The queue prefix of this app's BullMQ queues (unique per test app). */
  queuePrefix: string;
  /** The app's clock when it was started on a test clock. */
  clock?: TestClock;
  /** A bearer token of a demo user (password = username). */
  token(username: string): Promise<string>;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * Boots the real api with its worker in-process against PostgreSQL and Redis from
 * DATABASE_URL / REDIS_URL, with a private queue prefix so parallel test files do not share jobs.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const queuePrefix = options.queuePrefix ?? testQueuePrefix(`tongban-test-${randomBytes(6).toString('hex')}`);
  process.env.TONGBAN_QUEUE_PREFIX = queuePrefix;
  process.env.NODE_ENV ??= 'test';
  const sweepMs = process.env.TONGBAN_SWEEP_MS;
  if (options.clock) process.env.TONGBAN_SWEEP_MS = String(24 * 3600 * 1000);
  const app = await createApi({ port: 0, withWorker: true, clock: options.clock }).finally(() => {
    if (sweepMs === undefined) delete process.env.TONGBAN_SWEEP_MS;
    else process.env.TONGBAN_SWEEP_MS = sweepMs;
  });
  const http = request.agent(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    queuePrefix,
    clock: options.clock,
    apiKey: DEMO_API_KEY,
    async token(username: string): Promise<string> {
      let token = tokens.get(username);
      if (!token) {
        const response = await request(app.getHttpServer()).post('/api/v1/auth/token').send({ username, password: username });
        if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
        token = response.body.accessToken as string;
        tokens.set(username, token);
      }
      return token;
    },
    async close(): Promise<void> {
      await app.close();
      await deleteQueueKeys(queuePrefix);
    },
  };
}

async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = testRedis();
  try {
    // one DEL per key: a cluster refuses a DEL whose keys lie in different slots
    for (const key of await scanKeys(redis, `${prefix}:*`)) await redis.del(key);
  } finally {
    redis.disconnect();
  }
}

/** A process key no other test uses, for BPMN fixtures whose process id is replaced. */
export function uniqueKey(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}
