import { uniqueKey } from '../support/test-app';
import { c7, c8, conditionalFlow, flows, Scenario, serviceTask, userTask } from './support/semantics';

describe('engine semantics over REST: compensation, async continuations, incidents, refusals', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('compensation: a throw runs the handlers of the completed activities in reverse order', async () => {
    // given: reserve a slot, charge the fee, then the applicant cancels
    const types = { reserve: uniqueKey('slot.reserve'), release: uniqueKey('slot.release'), charge: uniqueKey('fee.charge'), refund: uniqueKey('fee.refund') };
    const model = c8('compensation', `
      <bpmn:startEvent id="start" />
      ${serviceTask('reserveSlot', types.reserve)}
      <bpmn:boundaryEvent id="reserveComp" attachedToRef="reserveSlot"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="releaseSlot" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="${types.release}" /></bpmn:extensionElements></bpmn:serviceTask>
      ${serviceTask('chargeFee', types.charge)}
      <bpmn:boundaryEvent id="chargeComp" attachedToRef="chargeFee"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="refundFee" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="${types.refund}" /></bpmn:extensionElements></bpmn:serviceTask>
      ${userTask('confirm')}
      <bpmn:exclusiveGateway id="confirmed" default="ok" />
      <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="undone" />
      ${flows('start>reserveSlot', 'reserveSlot>chargeFee', 'chargeFee>confirm', 'confirm>confirmed', 'undo>undone')}
      <bpmn:sequenceFlow id="ok" sourceRef="confirmed" targetRef="end" />
      ${conditionalFlow('no', 'confirmed', 'undo', '= cancelled = true')}
      <bpmn:association id="a1" associationDirection="One" sourceRef="reserveComp" targetRef="releaseSlot" />
      <bpmn:association id="a2" associationDirection="One" sourceRef="chargeComp" targetRef="refundFee" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    for (const type of [types.reserve, types.charge]) {
      const [job] = await s.activate(type);
      await s.post(`/jobs/${job.id}/complete`, {});
    }

    // when
    await s.completeAt(id, 'confirm', { cancelled: true });

    // then: the fee is refunded first, then the slot released
    const [refund] = await s.activate(types.refund);
    expect(refund.elementId).toBe('refundFee');
    expect((await s.post('/jobs/activate', { type: types.release, maxJobs: 1, workerId: 'w', timeout: 1000 })).body.jobs).toEqual([]);
    await s.post(`/jobs/${refund.id}/complete`, {});
    const [release] = await s.activate(types.release);
    await s.post(`/jobs/${release.id}/complete`, {});
    await s.until(id, 'completed');
    const left = await s.historyOf(id, 'element.left');
    expect(left.indexOf('refundFee')).toBeLessThan(left.indexOf('releaseSlot'));
    expect(left).toContain('undone');
  });

  it('Camunda 7 asyncBefore / asyncAfter: the instance is committed before the script runs, a worker takes it on', async () => {
    // given
    const model = c7('async', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="sum" scriptFormat="feel" camunda:resultVariable="total" camunda:asyncBefore="true" camunda:asyncAfter="true"><bpmn:script>a + b</bpmn:script></bpmn:scriptTask>
      <bpmn:userTask id="check" camunda:candidateGroups="health" />
      <bpmn:endEvent id="end" />${flows('start>sum', 'sum>check', 'check>end')}`);
    await s.deploy(model);

    // when
    const response = await s.api.startWithKey(model.key, { a: 2, b: 3 });

    // then: the start answered at the commit point, the worker continues
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    await s.untilActive(id, ['check']);
    // the start's transaction entered the script task and stopped there; a worker ran the script after the commit
    const sum = (await s.history(id)).filter((e) => e.elementId === 'sum').map((e) => [e.type, e.actor]);
    expect(sum).toEqual([['element.entered', 'apikey:demo-integrator'], ['element.left', undefined]]);
    expect((await s.instance(id)).variables).toMatchObject({ total: 5 });
  });

  it('a FEEL runtime error becomes an incident on the element, not a crash; fixed variables and resolve continue', async () => {
    // given: the condition must be a boolean
    const model = c8('feel-error', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="computeFee"><bpmn:extensionElements><zeebe:script expression="= seats * rate" resultVariable="fee" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:exclusiveGateway id="route" default="normal" />
      <bpmn:endEvent id="end" /><bpmn:endEvent id="big" />
      ${flows('start>computeFee', 'computeFee>route')}
      <bpmn:sequenceFlow id="normal" sourceRef="route" targetRef="end" />
      ${conditionalFlow('toBig', 'route', 'big', '= needsReview')}`);
    await s.deploy(model);

    // when: a string where a boolean belongs
    const id = await s.start(model.key, { seats: 10, rate: 5, needsReview: 'perhaps' });

    // then
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ elementId: 'route', type: 'FEEL_ERROR' });
    expect((await s.instance(id)).variables).toMatchObject({ fee: 50 });
    expect((await s.t.http.get('/health')).status).toBe(200);

    // when fixed
    await s.setVariables(id, { needsReview: true });
    await s.resolve(incident.id);

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('big');
  });

  it('a failed FEEL assert or a call to an unknown function is an incident with the cause', async () => {
    // given
    const model = c8('feel-assert', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="checkAmount"><bpmn:extensionElements><zeebe:script expression="= assert(amount, amount &gt; 0, &quot;amount must be positive&quot;)" resultVariable="checked" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:scriptTask id="format"><bpmn:extensionElements><zeebe:script expression="= formatAmount(checked)" resultVariable="text" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:endEvent id="end" />${flows('start>checkAmount', 'checkAmount>format', 'format>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { amount: -5 });

    // then
    const first = await s.untilIncident(id);
    expect(first).toMatchObject({ elementId: 'checkAmount', type: 'FEEL_ERROR' });
    expect(first.message).toContain('amount must be positive');

    // when
    await s.setVariables(id, { amount: 5 });
    await s.resolve(first.id);

    // then
    const second = await s.api.eventually(() => s.incidents(id), (items) => items.length === 1 && items[0].id !== first.id).then((items) => items[0]);
    expect(second).toMatchObject({ elementId: 'format', type: 'FEEL_ERROR' });
    expect(second.message).toContain("there is no such function");
    expect((await s.instance(id)).variables).toMatchObject({ checked: 5 });
  });

  it('a FEEL expression that would run unbounded is stopped with an incident; the api keeps serving', async () => {
    // given
    const model = c8('feel-bomb', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="explode"><bpmn:extensionElements><zeebe:script expression="= count(for i in 1..n, j in 1..n return i)" resultVariable="size" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:endEvent id="end" />${flows('start>explode', 'explode>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { n: 100000 });

    // then
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ elementId: 'explode', type: 'FEEL_ERROR' });
    expect(incident.message).toContain('stopped');
    expect((await s.t.http.get('/health')).status).toBe(200);

    // when the data is fixed
    await s.setVariables(id, { n: 3 });
    await s.resolve(incident.id);

    // then
    expect((await s.until(id, 'completed')).variables).toMatchObject({ size: 9 });
  });

  it('an infinite loop without a wait state is stopped by the step budget with an incident', async () => {
    // given
    const model = c8('loop', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="count"><bpmn:extensionElements><zeebe:script expression="= n + 1" resultVariable="n" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:exclusiveGateway id="again" default="loop" />
      <bpmn:endEvent id="end" />
      ${flows('start>count', 'count>again')}
      <bpmn:sequenceFlow id="loop" sourceRef="again" targetRef="count" />
      ${conditionalFlow('done', 'again', 'end', '= n < 0')}`);
    await s.deploy(model);

    // when
    const response = await s.api.startWithKey(model.key, { n: 0 });

    // then
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident.type).toBe('STEP_BUDGET_EXCEEDED');

    // when the loop is broken by fixing the data and resolving
    await s.setVariables(id, { n: -100 });
    await s.resolve(incident.id);

    // then
    await s.until(id, 'completed');
  });

  it('an error nobody catches raises an incident on the throwing element', async () => {
    // given
    const type = uniqueKey('check');
    const model = c8('uncaught', `<bpmn:startEvent id="start" />${serviceTask('check', type)}<bpmn:endEvent id="end" />${flows('start>check', 'check>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [job] = await s.activate(type);

    // when
    await s.post(`/jobs/${job.id}/throw-error`, { errorCode: 'NOBODY_CATCHES', errorMessage: 'no boundary' });

    // then
    await s.until(id, 'incident');
    expect((await s.untilIncident(id)).elementId).toBe('check');
  });

  it.each([
    ['complexGateway', `<bpmn:startEvent id="start" /><bpmn:complexGateway id="vote" /><bpmn:endEvent id="end" />${flows('start>vote', 'vote>end')}`, 'vote'],
    ['transaction', `<bpmn:startEvent id="start" /><bpmn:transaction id="payment"><bpmn:startEvent id="ts" /><bpmn:endEvent id="te" />${flows('ts>te')}</bpmn:transaction><bpmn:endEvent id="end" />${flows('start>payment', 'payment>end')}`, 'payment'],
  ])('an unsupported %s is refused at deploy with 400 naming the element id and type', async (type, body, elementId) => {
    // given
    const model = c8('unsupported', body);

    // when
    const response = await s.deployRaw(model.xml);

    // then
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BPMN_UNSUPPORTED_ELEMENT');
    const problems = JSON.stringify(response.body);
    expect(problems).toContain(elementId);
    expect(problems.toLowerCase()).toContain(type.toLowerCase());
    expect((await s.api.startWithKey(model.key)).status).toBe(404);
  });
});
