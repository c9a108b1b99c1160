import { uniqueKey } from '../support/test-app';
import { c7, c8, flows, HOUR, Scenario, serviceTask, userTask } from './support/semantics';

const timer = (duration: string) => `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

describe('engine semantics over REST: events', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('timer intermediate catch event: the instance waits PT24H, then goes on', async () => {
    // given
    const model = c8('timer-catch', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="coolingOff">${timer('PT24H')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>coolingOff', 'coolingOff>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);

    // when a minute short of the due time
    await s.advance(24 * HOUR - 60_000);

    // then still waiting
    expect((await s.instance(id)).activeElementIds).toEqual(['coolingOff']);

    // when the due time passes
    await s.advance(60_000);

    // then
    expect((await s.instance(id)).state).toBe('completed');
    expect((await s.historyOf(id, 'element.entered')).filter((e) => e === 'coolingOff')).toHaveLength(1);
  });

  it('interrupting timer boundary: the overdue task is withdrawn and the escalation path taken', async () => {
    // given
    const model = c8('timer-boundary', `
      <bpmn:startEvent id="start" />${userTask('approve')}
      <bpmn:boundaryEvent id="overdue" attachedToRef="approve">${timer('P3D')}</bpmn:boundaryEvent>
      ${userTask('supervise', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="endOverdue" />
      ${flows('start>approve', 'approve>end', 'overdue>supervise', 'supervise>endOverdue')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [task] = await s.untilTasks(id, 1);

    // when the timer fires
    await s.advance(72 * HOUR);
    await s.untilActive(id, ['supervise']);

    // then the task is withdrawn: completing it is refused
    expect((await s.completeTask(task)).status).toBe(409);
    await s.completeAt(id, 'supervise');
    await s.until(id, 'completed');
  });

  it('non-interrupting timer boundary: a reminder task is added, the approval stays open', async () => {
    // given
    const model = c8('timer-reminder', `
      <bpmn:startEvent id="start" />${userTask('approve')}
      <bpmn:boundaryEvent id="remind" attachedToRef="approve" cancelActivity="false">${timer('PT8H')}</bpmn:boundaryEvent>
      ${userTask('reminder', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="endReminder" />
      ${flows('start>approve', 'approve>end', 'remind>reminder', 'reminder>endReminder')}`);
    await s.deploy(model);
    const id = await s.start(model.key);

    await s.untilTasks(id, 1);

    // when
    await s.advance(8 * HOUR);

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['approve', 'reminder']);
    await s.completeAt(id, 'approve');
    await s.completeAt(id, 'reminder');
    await s.until(id, 'completed');
  });

  const orderMessage = (name: string) => `<bpmn:message id="msg_${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId" /></bpmn:extensionElements></bpmn:message>`;

  it('message catch event: only the instance with the matching correlation key receives the message and its variables', async () => {
    // given
    const name = uniqueKey('payment-received');
    const model = c8('msg-catch', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="msg_${name}" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>paid', 'paid>end')}`, orderMessage(name));
    await s.deploy(model);
    const one = await s.start(model.key, { orderId: 'ORD-1' });
    const two = await s.start(model.key, { orderId: 'ORD-2' });

    // when
    const result = await s.message(name, 'ORD-2', { amount: 99 });

    // then
    expect(result.correlated).toEqual([two]);
    expect((await s.until(two, 'completed')).variables).toMatchObject({ orderId: 'ORD-2', amount: 99 });
    expect((await s.instance(one)).state).toBe('active');
  });

  it('message boundary event (interrupting): withdrawing the application cancels the review', async () => {
    // given
    const name = uniqueKey('application-withdrawn');
    const model = c8('msg-boundary', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:messageEventDefinition messageRef="msg_${name}" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="endWithdrawn" />${flows('start>review', 'review>end', 'withdrawn>endWithdrawn')}`, orderMessage(name));
    await s.deploy(model);
    const id = await s.start(model.key, { orderId: 'W-1' });
    const [task] = await s.untilTasks(id, 1);

    // when
    await s.message(name, 'W-1', { reason: 'moved away' });

    // then
    const done = await s.until(id, 'completed');
    expect(done.variables).toMatchObject({ reason: 'moved away' });
    expect(await s.historyOf(id, 'element.entered')).toContain('endWithdrawn');
    expect((await s.completeTask(task)).status).toBe(409);
  });

  it('message start event: POST /messages starts an instance with the message variables', async () => {
    // given
    const name = uniqueKey('application-submitted');
    const model = c8('msg-start', `
      <bpmn:startEvent id="submitted"><bpmn:messageEventDefinition messageRef="msgStart" /></bpmn:startEvent>
      ${userTask('review')}<bpmn:endEvent id="end" />${flows('submitted>review', 'review>end')}`,
      `<bpmn:message id="msgStart" name="${name}" />`);
    await s.deploy(model);

    // when
    const result = await s.message(name, undefined, { applicant: 'Li Lei' });

    // then
    expect(result.started).toHaveLength(1);
    const instance = await s.instance(result.started[0]);
    expect(instance).toMatchObject({ processKey: model.key, variables: { applicant: 'Li Lei' }, activeElementIds: ['review'] });
  });

  it('signal: a throw in one instance reaches the catch event of another and starts a signal-start process', async () => {
    // given
    const signal = uniqueKey('policy-changed');
    const catcher = c8('sig-catch', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="policyChanged"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>policyChanged', 'policyChanged>end')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    const started = c8('sig-start', `
      <bpmn:startEvent id="onPolicy"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
      ${userTask('reassess')}<bpmn:endEvent id="end" />${flows('onPolicy>reassess', 'reassess>end')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    const thrower = c8('sig-throw', `
      <bpmn:startEvent id="start" />${userTask('publish')}
      <bpmn:intermediateThrowEvent id="announce"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />${flows('start>publish', 'publish>announce', 'announce>end')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(catcher);
    await s.deploy(started);
    await s.deploy(thrower);
    const waiting = await s.start(catcher.key);
    const throwing = await s.start(thrower.key);

    // when
    await s.completeAt(throwing, 'publish', { policy: 'v2' });

    // then
    await s.until(throwing, 'completed');
    await s.until(waiting, 'completed');
    const startedInstances = await s.api.eventually(async () => (await s.get(`/process-instances?processKey=${started.key}`)).body.items as { id: string }[], (items) => items.length === 1);
    expect((await s.instance(startedInstances[0].id)).activeElementIds).toEqual(['reassess']);
  });

  it('signal over REST: POST /signals broadcasts to every waiting instance', async () => {
    // given
    const signal = uniqueKey('holiday-declared');
    const model = c8('sig-rest', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="holiday"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>holiday', 'holiday>end')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(model);
    const ids = [await s.start(model.key), await s.start(model.key)];

    // when
    await s.signal(signal, { days: 3 });

    // then
    for (const id of ids) expect((await s.until(id, 'completed')).variables).toMatchObject({ days: 3 });
  });

  it('error end event in a subprocess is caught by the error boundary on the subprocess', async () => {
    // given
    const model = c8('error-end', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="verify">
        <bpmn:startEvent id="verifyStart" />${userTask('check')}
        <bpmn:exclusiveGateway id="fraudCheck" default="fine" />
        <bpmn:endEvent id="fraud"><bpmn:errorEventDefinition errorRef="errFraud" /></bpmn:endEvent>
        <bpmn:endEvent id="verifyEnd" />
        ${flows('verifyStart>check', 'check>fraudCheck')}
        <bpmn:sequenceFlow id="isFraud" sourceRef="fraudCheck" targetRef="fraud"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= fraud = true</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="fine" sourceRef="fraudCheck" targetRef="verifyEnd" />
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="fraudFound" attachedToRef="verify"><bpmn:errorEventDefinition errorRef="errFraud" /></bpmn:boundaryEvent>
      ${userTask('report', 'public-security')}<bpmn:endEvent id="end" /><bpmn:endEvent id="endReported" />
      ${flows('start>verify', 'verify>end', 'fraudFound>report', 'report>endReported')}`,
      `<bpmn:error id="errFraud" name="Fraud" errorCode="FRAUD" />`);
    await s.deploy(model);
    const id = await s.start(model.key);

    // when
    await s.completeAt(id, 'check', { fraud: true });

    // then
    await s.untilActive(id, ['report']);
    await s.completeAt(id, 'report');
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('fraudFound');
  });

  it('a BPMN error thrown by a job worker over REST is caught by the error boundary of the service task', async () => {
    // given
    const type = uniqueKey('verify-identity');
    const model = c8('job-error', `
      <bpmn:startEvent id="start" />${serviceTask('verify', type)}
      <bpmn:boundaryEvent id="notEligible" attachedToRef="verify"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="refused" />${flows('start>verify', 'verify>end', 'notEligible>refused')}`,
      `<bpmn:error id="err" name="Not eligible" errorCode="NOT_ELIGIBLE" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [job] = await s.activate(type);

    // when
    const thrown = await s.post(`/jobs/${job.id}/throw-error`, { errorCode: 'NOT_ELIGIBLE', errorMessage: 'under age' });

    // then
    expect(thrown.status).toBe(200);
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('refused');
  });

  it('escalation: a throw inside a subprocess reaches the non-interrupting boundary, the subprocess goes on', async () => {
    // given
    const model = c8('escalation', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="handle">
        <bpmn:startEvent id="handleStart" />
        <bpmn:intermediateThrowEvent id="askSupervisor"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
        ${userTask('work')}<bpmn:endEvent id="handleEnd" />
        ${flows('handleStart>askSupervisor', 'askSupervisor>work', 'work>handleEnd')}
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="supervisorAsked" attachedToRef="handle" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>
      ${userTask('supervise', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="endSupervised" />
      ${flows('start>handle', 'handle>end', 'supervisorAsked>supervise', 'supervise>endSupervised')}`,
      `<bpmn:escalation id="esc" name="Supervisor" escalationCode="SUPERVISOR" />`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['supervise', 'work']);
    await s.completeAt(id, 'work');
    await s.completeAt(id, 'supervise');
    await s.until(id, 'completed');
  });

  it('terminate end event: ends the instance and withdraws the other branch\'s task', async () => {
    // given
    const model = c8('terminate', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      ${userTask('refuse')}${userTask('other', 'fire-rescue')}
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="end" />
      ${flows('start>fork', 'fork>refuse', 'fork>other', 'refuse>stop', 'other>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const tasks = await s.untilTasks(id, 2);

    // when
    await s.completeAt(id, 'refuse');

    // then
    await s.until(id, 'completed');
    expect(await s.openTasks(id)).toEqual([]);
    expect((await s.completeTask(tasks.find((t) => t.elementId === 'other')!)).status).toBe(409);
  });

  it('link events: a throw jumps to the catch of the same name', async () => {
    // given
    const model = c8('link', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="goToReview"><bpmn:linkEventDefinition name="review" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateCatchEvent id="reviewHere"><bpmn:linkEventDefinition name="review" /></bpmn:intermediateCatchEvent>
      ${userTask('review')}<bpmn:endEvent id="end" />
      ${flows('start>goToReview', 'reviewHere>review', 'review>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.untilActive(id, ['review']);
  });

  it('conditional intermediate event: waits until the variables set over REST make the condition true (Camunda 7 model)', async () => {
    // given
    const model = c7('conditional', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="materialsComplete"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">\${materials == "complete"}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>materialsComplete', 'materialsComplete>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { materials: 'partial' });
    await s.settled();
    expect((await s.instance(id)).activeElementIds).toEqual(['materialsComplete']);

    // when
    expect((await s.setVariables(id, { materials: 'complete' })).status).toBe(200);

    // then
    await s.until(id, 'completed');
  });
});
