import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { advanceClock } from '../support/advance-clock';
import { untilSettled } from '../support/barrier';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { inRoot } from '../support/root-scope';

/** How long the worker's safety-net delivery of a message waits after the api's own attempt. */
const DELIVERY_GRACE_MS = 10_000;

describe('messages and signals', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock() }));
  let db: DataSource;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
  });

  const publish = (body: Record<string, unknown>) => t.http.post('/api/v1/messages').set('X-API-Key', t.apiKey).send(body);

  /** A process waiting for message `name` correlated by `applicationId`. */
  function waitingFor(name: string) {
    return processXml('message-wait', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="supplemented"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'supplemented')}${flow('f2', 'supplemented', 'end')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= applicationId" /></bpmn:extensionElements></bpmn:message>`);
  }

  it('correlates a message to the instance waiting with its correlation key, once per messageId', async () => {
    // given: two instances waiting for the same message with different keys
    const name = `supplemented-${Date.now()}`;
    const { key, xml } = waitingFor(name);
    await api.deploy(xml);
    const a = (await api.startWithKey(key, { applicationId: 'A-1' })).body.id as string;
    const b = (await api.startWithKey(key, { applicationId: 'B-2' })).body.id as string;

    // when
    const response = await publish({ name, correlationKey: 'A-1', variables: { materials: 'complete' }, messageId: `m-${name}` });
    const again = await publish({ name, correlationKey: 'A-1', messageId: `m-${name}` });

    // then
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ correlated: [a], started: [], buffered: false });
    const done = await api.instance(a);
    expect(done).toMatchObject({ state: 'completed', variables: { materials: 'complete' } });
    expect((await api.instance(b)).state).toBe('active');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'MESSAGE_DUPLICATE', details: { id: response.body.id } });
    expect(await db.query(`SELECT 1 FROM message_subscription WHERE instance_id = $1`, [a])).toHaveLength(0);
  });

  it('buffers a message with a time to live until the first instance subscribes, and delivers it to that one only', async () => {
    // given: a message published before anyone waits
    const name = `paid-${Date.now()}`;
    const { key, xml } = waitingFor(name);
    await api.deploy(xml);
    const published = await publish({ name, correlationKey: 'C-3', variables: { paid: true }, timeToLive: 60_000 });
    expect(published.body).toMatchObject({ correlated: [], started: [], buffered: true });

    // when: two instances with that key subscribe
    const first = (await api.startWithKey(key, { applicationId: 'C-3' })).body.id as string;
    const second = (await api.startWithKey(key, { applicationId: 'C-3' })).body.id as string;

    // then: the first consumes it, the second keeps waiting
    const done = await api.eventually(() => api.instance(first), (i) => i.state === 'completed');
    expect(done.variables.paid).toBe(true);
    await untilSettled(t);
    expect((await api.instance(second)).state).toBe('active');
    const [row] = await db.query(`SELECT state, consumed_by FROM published_message WHERE id = $1`, [published.body.id]);
    expect(row).toEqual({ state: 'consumed', consumed_by: first });
  });

  it('takes the time to live as an ISO 8601 duration, and refuses text that is none', async () => {
    // given
    const name = `ttl-iso-${Date.now()}`;

    // when
    const buffered = await publish({ name, correlationKey: 'C-4', timeToLive: 'PT10M' });
    const refused = await publish({ name, correlationKey: 'C-4', timeToLive: 'ten minutes' });

    // then
    expect(buffered.status).toBe(200);
    expect(buffered.body).toMatchObject({ buffered: true });
    const [row] = await db.query(`SELECT expires_at - created_at AS ttl FROM published_message WHERE id = $1`, [buffered.body.id]);
    expect(row.ttl).toMatchObject({ minutes: 10 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('timeToLive');
  });

  it('takes a numeric correlation key as its text', async () => {
    const name = `numeric-${Date.now()}`;
    const { key, xml } = waitingFor(name);
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { applicationId: 42 })).body.id as string;

    const response = await publish({ name, correlationKey: 42 });

    expect(response.body.correlated).toEqual([id]);
  });

  it('does not buffer a message without a time to live', async () => {
    const name = `nobody-${Date.now()}`;
    const response = await publish({ name, correlationKey: 'x' });
    expect(response.body).toMatchObject({ correlated: [], started: [], buffered: false });
  });

  it('starts an instance from a message start event of the latest version', async () => {
    // given
    const name = `apply-${Date.now()}`;
    const { key, xml } = processXml('message-start', `
      <bpmn:startEvent id="applied"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:endEvent id="end" />
      ${flow('f1', 'applied', 'review')}${flow('f2', 'review', 'end')}`, `<bpmn:message id="msg" name="${name}" />`);
    await api.deploy(xml);

    // when
    const response = await publish({ name, variables: { applicant: '张三' } });

    // then
    expect(response.body.started).toHaveLength(1);
    const instance = await api.instance(response.body.started[0]);
    expect(instance).toMatchObject({ processKey: key, state: 'active', variables: { applicant: '张三' }, activeElementIds: ['review'] });
  });

  it('delivers a message thrown by one instance to another through the outbox', async () => {
    // given: a waiting receiver and a sender that throws the message with the same key
    const name = `notify-${Date.now()}`;
    const receiver = waitingFor(name);
    await api.deploy(receiver.xml);
    const receiverId = (await api.startWithKey(receiver.key, { applicationId: 'D-4' })).body.id as string;
    const sender = processXml('message-send', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="notify"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'notify')}${flow('f2', 'notify', 'end')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= applicationId" /></bpmn:extensionElements></bpmn:message>`);
    await api.deploy(sender.xml);

    // when
    await api.startWithKey(sender.key, { applicationId: 'D-4', decision: 'approved' });

    // then
    const done = await api.eventually(() => api.instance(receiverId), (i) => i.state === 'completed');
    expect(done.variables.decision).toBe('approved');
  });

  it('broadcasts a signal to every waiting instance', async () => {
    // given
    const name = `policy-${Date.now()}`;
    const { key, xml } = processXml('signal-wait', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="changed"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'changed')}${flow('f2', 'changed', 'end')}`, `<bpmn:signal id="sig" name="${name}" />`);
    await api.deploy(xml);
    const ids = await Promise.all([1, 2, 3].map(async () => (await api.startWithKey(key)).body.id as string));

    // when
    const response = await t.http.post('/api/v1/signals').set('X-API-Key', t.apiKey).send({ name, variables: { policy: 'v2' } });

    // then
    expect(response.status).toBe(200);
    expect([...response.body.correlated].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await api.instance(id)).toMatchObject({ state: 'completed', variables: { policy: 'v2' } });
  });

  it('refuses a message without a name', async () => {
    const response = await publish({ correlationKey: 'x' });
    expect(response.status).toBe(400);
  });

  it('starts instances from a signal start event', async () => {
    const name = `recall-${Date.now()}`;
    const { key, xml } = processXml('signal-start', `
      <bpmn:startEvent id="recalled"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
      <bpmn:endEvent id="end" />${flow('f1', 'recalled', 'end')}`, `<bpmn:signal id="sig" name="${name}" />`);
    await api.deploy(xml);

    const response = await t.http.post('/api/v1/signals').set('X-API-Key', t.apiKey).send({ name });

    expect(response.body.started).toHaveLength(1);
    expect(await api.instance(response.body.started[0])).toMatchObject({ processKey: key, state: 'completed' });
  });

  it('triggers a non-interrupting message event subprocess once per message, and keeps it subscribed', async () => {
    // given: a case that accepts notes while it waits for review
    const name = `note-${Date.now()}`;
    const { key, xml } = processXml('message-event-subprocess', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:endEvent id="end" />
      <bpmn:subProcess id="onNote" triggeredByEvent="true">
        <bpmn:startEvent id="noted" isInterrupting="false"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
        <bpmn:endEvent id="noteKept" />
        ${flow('n1', 'noted', 'noteKept')}
      </bpmn:subProcess>
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { caseNo: 'E-5' })).body.id as string;

    // when: two notes arrive, the second one twice
    await publish({ name, correlationKey: 'E-5', messageId: `${name}-1` });
    await publish({ name, correlationKey: 'E-5', messageId: `${name}-2` });
    const duplicate = await publish({ name, correlationKey: 'E-5', messageId: `${name}-2` });

    // then
    expect(duplicate.status).toBe(409);
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'element.entered' && h.elementId === 'noteKept')).toHaveLength(2);
    expect((await api.instance(id)).state).toBe('active');
    expect(await db.query(`SELECT element_id FROM message_subscription WHERE instance_id = $1`, [id])).toEqual([{ element_id: 'noted' }]);
  });

  it('publishes one of several concurrent messages with one messageId', async () => {
    const messageId = `race-${Date.now()}`;

    const responses = await Promise.all(['a', 'b', 'c', 'd'].map((suffix) => publish({ name: `race-${suffix}-${messageId}`, messageId, timeToLive: 1000 })));

    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    for (const refused of responses.filter((r) => r.status === 409)) expect(refused.body.code).toBe('MESSAGE_DUPLICATE');
  });

  it('delivers a message that reached a suspended instance once it is resumed', async () => {
    // given
    const name = `held-${Date.now()}`;
    const { key, xml } = waitingFor(name);
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { applicationId: 'S-1' })).body.id as string;
    const admin = await api.as('admin');
    await t.http.post(`/api/v1/process-instances/${id}/suspend`).set('Authorization', admin);

    // when
    const response = await publish({ name, correlationKey: 'S-1', variables: { held: true } });
    await t.http.post(`/api/v1/process-instances/${id}/resume`).set('Authorization', admin);

    // then: not correlated at once; the worker's delivery lands after the resume, when its grace has passed
    expect(response.body.correlated).toEqual([]);
    await advanceClock(t, DELIVERY_GRACE_MS - 1_000);
    expect((await api.instance(id)).state).toBe('active');
    await advanceClock(t, 1_000);
    const done = await api.instance(id);
    expect(done.state).toBe('completed');
    expect(done.variables.held).toBe(true);
  });
});
