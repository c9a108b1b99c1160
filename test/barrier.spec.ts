import { QueueProducer } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { untilSettled } from './support/barrier';
import { fixture } from './support/fixtures';
import { useTestApp } from './support/use-test-app';
import { inRoot } from './support/root-scope';

describe('the barrier of absence checks (untilSettled)', () => {
  const { t, api } = useTestApp();

  it('returns only once the work in flight has run: outbox relayed, continuation taken up by the worker', async () => {
    // given: twenty instances started at once, each leaving a continuation in the outbox
    const { key, xml } = fixture('async-continuation');
    await api.deploy(xml);
    const started = await Promise.all(Array.from({ length: 20 }, (_, i) => api.startWithKey(key, { case: `barrier-${i}` })));
    const ids = started.map((response) => response.body.id as string);

    // when
    await untilSettled(t);

    // then: every continuation is done, without polling for it
    const [{ tasks }] = await inRoot(t.app).get(DataSource).query(`SELECT count(*)::int AS tasks FROM task WHERE instance_id = ANY($1::uuid[]) AND element_id = 'review'`, [ids]);
    expect(tasks).toBe(20);
  });

  it('fails, naming what is still in flight, when the app does not settle in time', async () => {
    // given: a job waiting on a queue nobody consumes
    await inRoot(t.app).get(QueueProducer).queue('barrier-unconsumed').add('nobody', {});

    // when
    const waited = untilSettled(t, 300);

    // then
    await expect(waited).rejects.toThrow(/barrier-unconsumed: 1 waiting or active/);
  });
});
