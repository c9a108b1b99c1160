import { OutboxTopic, QueueProducer, StrandedWorkRecovery } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { inRoot } from '../support/root-scope';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from '../runtime/support/bpmn';
import { startReceiver } from './webhook-receiver';

process.env.TONGBAN_WEBHOOK_ALLOW_PRIVATE = 'true';

type EventRow = { id: string; published_at: Date | null; payload: { event: { id: string }; unheard?: boolean } };

/**
 * The outbox relay asks the events' audience before it puts them on the `events` queue: an event no
 * one is told about (no case, no recipient, no subscriber) gets no job; once someone subscribes, the
 * next event of the type is delivered.
 */
describe('domain events no one listens to', () => {
  const { t, api } = useTestApp();
  const db = () => inRoot(t.app).get(DataSource);
  const subscribe = (body: Record<string, unknown>) => t.http.post('/api/v1/webhooks').set('X-API-Key', t.apiKey).send(body);
  const finishedRow = (instanceId: string) =>
    api.eventually(
      async () => ((await db().query(`SELECT id, published_at, payload FROM outbox WHERE topic = $1 AND type = 'case.finished' AND instance_id = $2`, [OutboxTopic.events, instanceId])) as EventRow[])[0],
      (row) => !!row?.published_at,
    );
  const eventJob = (row: EventRow) => inRoot(t.app).get(QueueProducer).queue(OutboxTopic.events).getJob(`event-${row.payload.event.id}`);

  it('leaves out an event of an instance that is no case while no one subscribes to its type, and delivers the next one after a subscription', async () => {
    // given: a process that ends as it starts, no case, and no subscription to case.finished
    const { key, xml } = processXml('unheard', `<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flow('f1', 'start', 'end')}`);
    await api.deploy(xml);
    const [{ n }] = (await db().query(`SELECT count(*)::int AS n FROM webhook_subscription WHERE active AND 'case.finished' = ANY(event_types)`)) as { n: number }[];
    expect(n).toBe(0);

    // when: an instance ends
    const first = (await api.startWithKey(key)).body.id as string;

    // then: its case.finished row is published as unheard, without a job on the events queue
    const unheard = await finishedRow(first);
    expect(unheard.payload.unheard).toBe(true);
    expect(await eventJob(unheard)).toBeUndefined();
    // and the stranded-work sweep leaves it alone
    await inRoot(t.app).get(StrandedWorkRecovery).sweep(0);
    const swept = ((await db().query(`SELECT published_at, payload FROM outbox WHERE id = $1`, [unheard.id])) as EventRow[])[0];
    expect(swept.published_at).not.toBeNull();
    expect(swept.payload).not.toHaveProperty('republishes');

    // when: someone subscribes to case.finished and another instance ends
    const receiver = await startReceiver(() => 200);
    try {
      const created = await subscribe({ url: receiver.url, eventTypes: ['case.finished'] });
      expect(created.status).toBe(201);
      const second = (await api.startWithKey(key)).body.id as string;

      // then: the second event goes through the queue and reaches the subscriber
      const heard = await finishedRow(second);
      expect(heard.payload.unheard).toBeUndefined();
      const delivered = await api.eventually(
        async () => receiver.received.map((r) => JSON.parse(r.body) as { type: string; processInstanceId?: string }).filter((e) => e.processInstanceId === second),
        (events) => events.length === 1,
      );
      expect(delivered[0].type).toBe('case.finished');
      await t.http.delete(`/api/v1/webhooks/${created.body.id}`).set('X-API-Key', t.apiKey).expect(204);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});
