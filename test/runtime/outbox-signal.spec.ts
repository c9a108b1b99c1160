import type { INestApplication } from '@nestjs/common';
import { OutboxRelay, OutboxSignal, ScheduledMessages } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import request from 'supertest';
import { createApi } from '../../apps/api/src/bootstrap';
import { fixture } from '../support/fixtures';
import { inRoot } from '../support/root-scope';
import { useTestApp } from '../support/use-test-app';

/** What one app's pool sent, in order: each COMMIT once it answered, each pg_notify as it is sent. */
function recordCommitsAndNotifies(app: INestApplication): { events: string[]; stop(): void } {
  const dataSource = app.get(DataSource);
  const events: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(async function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
    const ours = this.connection === dataSource;
    if (ours && /pg_notify/.test(sql)) events.push('notify');
    const answer = await (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
    if (ours && /^\s*COMMIT/i.test(sql)) events.push('commit');
    return answer;
  } as never);
  return { events, stop: () => spy.mockRestore() };
}

describe('outbox signal after commit, never a NOTIFY inside a transaction', () => {
  // the relay's process: the api with its worker in-process
  const { t, api } = useTestApp();
  // an api process of its own, without a relay, on the same queues
  let apiOnly: INestApplication;

  beforeAll(async () => {
    process.env.TONGBAN_QUEUE_PREFIX = t.queuePrefix;
    apiOnly = await createApi({ port: 0, withWorker: false });
  }, 120_000);

  afterAll(async () => {
    await apiOnly?.close();
  });

  it('has an api without relay notify after its commit, and a relay in another process publish on that notification', async () => {
    // given: a start that commits a continuation (camunda:asyncBefore), sent to the api without relay
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    const relay = inRoot(t.app).get(OutboxRelay);
    const heardBefore = relay.heard;
    const signal = apiOnly.get(OutboxSignal);
    const sentBefore = signal.notifications;
    const recorded = recordCommitsAndNotifies(apiOnly);

    // when
    let started: request.Response;
    try {
      started = await request(apiOnly.getHttpServer()).post('/api/v1/process-instances').set('X-API-Key', t.apiKey).send({ processKey: key });
      await api.eventually(async () => signal.notifications, (n) => n > sentBefore);
    } finally {
      recorded.stop();
    }

    // then: the api sent a notification after the COMMIT, none inside the transaction
    expect(started.status).toBe(201);
    expect(recorded.events.indexOf('notify')).toBeGreaterThan(recorded.events.indexOf('commit'));
    expect(recorded.events.indexOf('commit')).toBeGreaterThanOrEqual(0);
    // and the relay of the other app heard it and published the continuation: the worker took it up
    const id = started.body.id as string;
    const tasks = await api.eventually(() => api.tasks(id), (list) => list.length === 1);
    expect(tasks[0]).toMatchObject({ elementId: 'review' });
    expect(relay.heard).toBeGreaterThan(heardBefore);
    // and the app with a relay wakes it in-process: it never notified
    expect(inRoot(t.app).get(OutboxSignal).notifications).toBe(0);
  });

  it('answers many concurrent commits of a process without relay with far fewer notifications, the last commit always followed by one', async () => {
    // given: the api without relay, and commits that each write an outbox row
    const dataSource = inRoot(apiOnly).get(DataSource);
    const scheduled = apiOnly.get(ScheduledMessages);
    const signal = apiOnly.get(OutboxSignal);
    const commits = 60;
    const recorded = recordCommitsAndNotifies(apiOnly);

    // when they commit at once
    try {
      await Promise.all(Array.from({ length: commits }, (_, i) => dataSource.transaction((manager) => scheduled.schedule(manager, {
        topic: `spec-signal-${i % 3}`, type: 'spec.signal', payload: { i }, at: new Date(), now: new Date(),
      }))));
      // the notifications still under way have returned: none sent during a further 200 ms
      for (let sent = -1; sent !== signal.notifications;) {
        sent = signal.notifications;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      recorded.stop();
    }

    // then
    const committed = recorded.events.filter((e) => e === 'commit').length;
    const notified = recorded.events.filter((e) => e === 'notify').length;
    expect(committed).toBeGreaterThanOrEqual(commits);
    expect(notified).toBeGreaterThanOrEqual(1);
    expect(notified).toBeLessThan(committed / 2);
    expect(recorded.events.lastIndexOf('notify')).toBeGreaterThan(recorded.events.lastIndexOf('commit'));
    process.stdout.write(`outbox signal: ${committed} commits, ${notified} notifications\n`);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const dataSource = inRoot(apiOnly).get(DataSource);
    const scheduled = apiOnly.get(ScheduledMessages);
    const signal = apiOnly.get(OutboxSignal);
    const before = signal.notifications;
    await expect(dataSource.transaction(async (manager) => {
      await scheduled.schedule(manager, { topic: 'spec-signal-rollback', type: 'spec.signal', payload: {}, at: new Date(), now: new Date() });
      throw new Error('refused');
    })).rejects.toThrow('refused');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(signal.notifications).toBe(before);
  });
});
