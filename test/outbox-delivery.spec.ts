import { OutboxRelay, outboxJobId } from '@tongban/runtime';
import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { untilSettled } from './support/barrier';
import { fixture } from './support/fixtures';
import { useTestApp } from './support/use-test-app';
import { inRoot } from './support/root-scope';

describe('outbox → BullMQ → processor', () => {
  const { t, api } = useTestApp();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = inRoot(t.app).get(DataSource);
  });

  it('takes up an asynchronous continuation on a real worker', async () => {
    // given: a user task behind a commit point (camunda:asyncBefore)
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);

    // when
    const started = await api.startWithKey(key, { case: 'async' });

    // then: the start committed an outbox row; the worker continues the instance to the task
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const rows = await dataSource.query(`SELECT topic, type, payload FROM outbox WHERE instance_id = $1`, [id]);
    expect(rows).toEqual([{ topic: 'continuation', type: 'continuation', payload: expect.objectContaining({ instanceId: id, elementId: 'review' }) }]);
    const tasks = await api.eventually(() => api.tasks(id), (list) => list.length === 1);
    expect(tasks[0]).toMatchObject({ elementId: 'review', department: 'health', state: 'open' });
    const published = await dataSource.query(`SELECT published_at FROM outbox WHERE instance_id = $1`, [id]);
    expect(published[0].published_at).not.toBeNull();

    // and the instance completes as usual
    expect((await api.complete(tasks[0].id, 'clerk.health')).status).toBe(200);
    expect((await api.instance(id)).state).toBe('completed');
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'element.entered' && h.elementId === 'review').length).toBeGreaterThanOrEqual(1);
  });

  it('publishes each outbox row once, with the row id as job id, even when relayed twice', async () => {
    // given: a consumer of a topic of its own, and a committed outbox row for it
    const topic = `jobs.spec-${Date.now()}`;
    const received: Job[] = [];
    const connection = new IORedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    const worker = new Worker(topic, async (job) => {
      received.push(job);
    }, { connection, prefix: t.queuePrefix });
    try {
      const [row] = await dataSource.query(
        `INSERT INTO outbox (queue_prefix, topic, type, payload, available_at) VALUES ($1, $2, 'job.created', $3, now()) RETURNING id`,
        [t.queuePrefix, topic, JSON.stringify({ hello: '一件事' })],
      );

      // when: the relay publishes it, then it is forced to publish it again (as after a crash before commit)
      await api.eventually(async () => received.length, (n) => n === 1);
      await dataSource.query(`UPDATE outbox SET published_at = NULL WHERE id = $1`, [row.id]);
      await inRoot(t.app).get(OutboxRelay).relayBatch();
      await untilSettled(t);

      // then
      expect(received).toHaveLength(1);
      expect(received[0].id).toBe(outboxJobId(row.id));
      expect(received[0].name).toBe('job.created');
      expect(received[0].data).toEqual({ hello: '一件事', outboxId: row.id, outboxRegion: 'cn' });
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it('leaves the rows of another queue prefix to that deployment', async () => {
    const [row] = await dataSource.query(
      `INSERT INTO outbox (queue_prefix, topic, type, payload, available_at) VALUES ('some-other-deployment', 'continuation', 'continuation', '{}', now()) RETURNING id`,
    );
    await inRoot(t.app).get(OutboxRelay).relayBatch();
    const [after] = await dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [row.id]);
    expect(after.published_at).toBeNull();
    await dataSource.query(`DELETE FROM outbox WHERE id = $1`, [row.id]);
  });
});
