import { createJobWorker, redisPolicyWarnings, RedisPolicyCheck } from '@tongban/runtime';
import IORedis from 'ioredis';
import { ApiClient } from '../support/api-client';
import { fixture } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { processXml, flow } from './support/bpmn';
import { PrivateRedis } from './support/private-redis';
import { inRoot } from '../support/root-scope';

describe('Redis robustness', () => {
  describe('with a private Redis that is killed and restarted', () => {
    let redis: PrivateRedis;
    let t: TestApp;
    let api: ApiClient;
    const sharedRedisUrl = process.env.REDIS_URL;

    beforeAll(async () => {
      redis = await PrivateRedis.start();
      process.env.REDIS_URL = redis.url;
      process.env.TONGBAN_SWEEP_MS = '300';
      t = await startTestApp();
      api = new ApiClient(t);
    });

    afterAll(async () => {
      await t?.close();
      await redis?.kill();
      process.env.REDIS_URL = sharedRedisUrl;
    });

    it('keeps consuming continuations after Redis restarts, and delivers what was committed while it was down', async () => {
      // given: a continuation taken up before the restart
      const { key, xml } = fixture('async-continuation');
      await api.deploy(xml);
      const before = (await api.startWithKey(key)).body.id as string;
      await api.eventually(() => api.tasks(before), (tasks) => tasks.length === 1);

      // when: Redis dies (losing every queued job) and an instance starts meanwhile
      await redis.kill();
      const during = await api.startWithKey(key);
      expect(during.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await redis.up();
      const after = (await api.startWithKey(key)).body.id as string;

      // then: both continuations are taken up by the same workers
      for (const id of [during.body.id as string, after]) {
        const tasks = await api.eventually(() => api.tasks(id), (list) => list.length === 1, 20_000);
        expect(tasks[0]).toMatchObject({ elementId: 'review', state: 'open' });
      }
    }, 40_000);

    it('re-publishes the work of open jobs after Redis lost its data (FLUSHALL)', async () => {
      // given: jobs waiting on a department queue nobody consumes yet
      const type = `flush-${Date.now()}`;
      const { key, xml } = processXml('flush', `
        <bpmn:startEvent id="start" />
        <bpmn:serviceTask id="check"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:endEvent id="end" />${flow('f1', 'start', 'check')}${flow('f2', 'check', 'end')}`);
      await api.deploy(xml);
      const ids = await Promise.all([1, 2, 3].map(async () => (await api.startWithKey(key)).body.id as string));
      const admin = new IORedis(redis.url);
      try {
        await api.eventually(() => admin.keys(`${t.queuePrefix}:jobs.${type}:*`), (keys) => keys.length > 0);

        // when: Redis loses everything, then the department's worker starts
        await admin.flushall();
      } finally {
        admin.disconnect();
      }
      const worker = createJobWorker({ redisUrl: redis.url, prefix: t.queuePrefix, type, handler: async () => ({ checked: true }) });
      try {
        // then
        for (const id of ids) {
          const done = await api.eventually(() => api.instance(id), (i) => i.state === 'completed', 15_000);
          expect(done.variables.checked).toBe(true);
        }
      } finally {
        await worker.close();
      }
    }, 30_000);

    it('reads the eviction policy and warns when it is not noeviction', async () => {
      // given: a policy that may evict queued jobs, set last (every connection BullMQ opens on such
      // a server prints its own eviction warning)
      const admin = new IORedis(redis.url);
      try {
        await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');

        // when
        const policy = await inRoot(t.app).get(RedisPolicyCheck).read();

        // then
        expect(policy.maxmemoryPolicy).toBe('allkeys-lru');
        expect(redisPolicyWarnings(policy, false)).toEqual([expect.stringContaining('noeviction')]);
      } finally {
        await admin.config('SET', 'maxmemory-policy', 'noeviction');
        admin.disconnect();
      }
    });
  });

  it('warns about eviction always and about AOF in production only', () => {
    expect(redisPolicyWarnings({ maxmemoryPolicy: 'noeviction', appendonly: 'yes' }, true)).toEqual([]);
    expect(redisPolicyWarnings({ maxmemoryPolicy: 'noeviction', appendonly: 'no' }, false)).toEqual([]);
    expect(redisPolicyWarnings({ maxmemoryPolicy: 'noeviction', appendonly: 'no' }, true)).toEqual([expect.stringContaining('appendonly yes')]);
    expect(redisPolicyWarnings({ maxmemoryPolicy: 'volatile-lru', appendonly: 'yes' }, true)).toHaveLength(1);
  });
});
