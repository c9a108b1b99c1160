import { uniqueKey } from '../support/test-app';
import { c8, flows, HOUR, Scenario, serviceTask, userTask } from './support/semantics';

const timer = (duration: string) => `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

describe('engine semantics over REST: more wait states', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('event-based gateway: a signal beats a message and a timer; both others are withdrawn', async () => {
    // given
    const signal = uniqueKey('policy-suspended');
    const message = uniqueKey('documents-in');
    const model = c8('eventgw-signal', `
      <bpmn:startEvent id="start" /><bpmn:eventBasedGateway id="wait" />
      <bpmn:intermediateCatchEvent id="suspended"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="documents"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="later">${timer('PT1H')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" />
      ${flows('start>wait', 'wait>suspended', 'wait>documents', 'wait>later', 'suspended>e1', 'documents>e2', 'later>e3')}`,
      `<bpmn:signal id="sig" name="${signal}" /><bpmn:message id="msg" name="${message}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'EG-1' });
    await s.untilActive(id, ['wait']);

    // when
    await s.signal(signal);

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('e1');
    expect((await s.message(message, 'EG-1')).correlated).toEqual([]);
  });

  it('two parallel message catch events with different keys each take their own message', async () => {
    // given
    const name = uniqueKey('opinion-received');
    const model = c8('two-catches', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:intermediateCatchEvent id="fromFire"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="= opinion" target="fireOpinion" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="mFire" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="fromHealth"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="= opinion" target="healthOpinion" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="mHealth" /></bpmn:intermediateCatchEvent>
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start>fork', 'fork>fromFire', 'fork>fromHealth', 'fromFire>join', 'fromHealth>join', 'join>end')}`,
      `<bpmn:message id="mFire" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo + &quot;/fire&quot;" /></bpmn:extensionElements></bpmn:message>
       <bpmn:message id="mHealth" name="${name}-health"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo + &quot;/health&quot;" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'PC-1' });
    await s.untilActive(id, ['fromFire', 'fromHealth']);

    // when
    await s.message(`${name}-health`, 'PC-1/health', { opinion: 'hygiene ok' });
    await s.message(name, 'PC-1/fire', { opinion: 'exits ok' });

    // then
    const done = await s.until(id, 'completed');
    expect(done.variables).toMatchObject({ fireOpinion: 'exits ok', healthOpinion: 'hygiene ok' });
  });

  it('an interrupting timer boundary on a call activity cancels the called child', async () => {
    // given
    const childKey = uniqueKey('slow-child');
    const child = c8('unused', `<bpmn:startEvent id="cs" />${userTask('inspect')}<bpmn:endEvent id="ce" />${flows('cs>inspect', 'inspect>ce')}`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('call-timeout', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="tooSlow" attachedToRef="callChild">${timer('PT4H')}</bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="timedOut" />${flows('start>callChild', 'callChild>end', 'tooSlow>timedOut')}`);
    await s.deploy(parent);
    const id = await s.start(parent.key);
    const [kid] = await s.api.eventually(() => s.children(id), (items) => items.length === 1);

    // when
    await s.advance(4 * HOUR);

    // then
    expect((await s.until(id, 'completed')).state).toBe('completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('timedOut');
    expect((await s.until(kid.id, 'cancelled')).state).toBe('cancelled');
    expect(await s.openTasks(kid.id)).toEqual([]);
  });

  it('the variables of a BPMN error thrown by a worker reach the error path', async () => {
    // given
    const type = uniqueKey('verify');
    const model = c8('error-vars', `
      <bpmn:startEvent id="start" />${serviceTask('verify', type)}
      <bpmn:boundaryEvent id="refused" attachedToRef="verify"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${userTask('explain')}<bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows('start>verify', 'verify>end', 'refused>explain', 'explain>end2')}`, `<bpmn:error id="err" errorCode="REFUSED" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [job] = await s.activate(type);

    // when
    await s.post(`/jobs/${job.id}/throw-error`, { errorCode: 'REFUSED', errorMessage: 'record found', variables: { reason: 'criminal record' } });

    // then
    await s.untilActive(id, ['explain']);
    expect((await s.instance(id)).variables).toMatchObject({ reason: 'criminal record' });
  });

  it('sequential multi-instance stops early when its completion condition holds', async () => {
    // given
    const model = c8('seq-early', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="ask">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true">
          <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= experts" inputElement="expert" /></bpmn:extensionElements>
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= answered = true</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>ask', 'ask>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { experts: ['A', 'B', 'C', 'D'] });

    // when
    const [first] = await s.untilTasks(id, 1);
    await s.completeTask(first, { answered: false });
    const [second] = await s.api.eventually(() => s.openTasks(id), (tasks) => tasks.length === 1 && tasks[0].id !== first.id);
    await s.completeTask(second, { answered: true });

    // then
    await s.until(id, 'completed');
    expect(await s.api.tasks(id)).toHaveLength(2);
  });

  it('signal event subprocess (non-interrupting) starts beside the main flow on POST /signals', async () => {
    // given
    const signal = uniqueKey('audit-requested');
    const model = c8('sig-evsub', `
      <bpmn:startEvent id="start" />${userTask('review')}<bpmn:endEvent id="end" />${flows('start>review', 'review>end')}
      <bpmn:subProcess id="onAudit" triggeredByEvent="true">
        <bpmn:startEvent id="as" isInterrupting="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>
        ${userTask('audit', 'market-regulation')}<bpmn:endEvent id="ae" />${flows('as>audit', 'audit>ae')}
      </bpmn:subProcess>`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 1);

    // when
    await s.signal(signal);

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['audit', 'review']);
  });

  it('a compensation end event undoes the completed work with the variables it completed with', async () => {
    // given
    const charge = uniqueKey('fee.charge');
    const refund = uniqueKey('fee.refund');
    const model = c8('comp-end', `
      <bpmn:startEvent id="start" />${serviceTask('chargeFee', charge)}
      <bpmn:boundaryEvent id="chargeComp" attachedToRef="chargeFee"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="refundFee" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="${refund}" /></bpmn:extensionElements></bpmn:serviceTask>
      ${userTask('decide')}
      <bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition /></bpmn:endEvent>
      ${flows('start>chargeFee', 'chargeFee>decide', 'decide>undoAll')}
      <bpmn:association id="a1" associationDirection="One" sourceRef="chargeComp" targetRef="refundFee" />`);
    await s.deploy(model);
    const id = await s.start(model.key, { fee: 30 });
    const [job] = await s.activate(charge);
    await s.post(`/jobs/${job.id}/complete`, { variables: { receipt: 'R-1' } });

    // when
    await s.completeAt(id, 'decide');

    // then
    const [undo] = await s.activate(refund);
    expect(undo.variables).toMatchObject({ receipt: 'R-1', fee: 30 });
    await s.post(`/jobs/${undo.id}/complete`, {});
    await s.until(id, 'completed');
  });

  it('tongban:correlationKey on a receive task correlates like zeebe:subscription', async () => {
    // given
    const name = uniqueKey('seal-applied');
    const model = c8('tongban-key', `
      <bpmn:startEvent id="start" /><bpmn:receiveTask id="awaitSeal" messageRef="m" tongban:correlationKey="= permitNo" />
      <bpmn:endEvent id="end" />${flows('start>awaitSeal', 'awaitSeal>end')}`, `<bpmn:message id="m" name="${name}" />`)
      .xml.replace('xmlns:zeebe=', 'xmlns:tongban="http://tongban.dev/schema/bpmn" xmlns:zeebe=');
    const key = /process id="([^"]+)"/.exec(model)![1];
    await s.deploy({ xml: model });
    const one = await s.start(key, { permitNo: 'P-1' });
    const two = await s.start(key, { permitNo: 'P-2' });

    // when
    await s.message(name, 'P-2');

    // then
    await s.until(two, 'completed');
    await s.settled();
    expect((await s.instance(one)).state).toBe('active');
  });

  it('event-based gateway: a message buffered before the instance arrives wins at once', async () => {
    // given
    const name = uniqueKey('early-answer');
    const model = c8('eventgw-buffered', `
      <bpmn:startEvent id="start" />${userTask('prepare')}<bpmn:eventBasedGateway id="wait" />
      <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="answered" /><bpmn:endEvent id="timedOut" />
      ${flows('start>prepare', 'prepare>wait', 'wait>answer', 'wait>later', 'answer>answered', 'later>timedOut')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'EA-1' });
    expect((await s.message(name, 'EA-1', { answer: 'yes' }, { timeToLive: 60_000 })).buffered).toBe(true);

    // when
    await s.completeAt(id, 'prepare');

    // then
    expect((await s.until(id, 'completed')).variables).toMatchObject({ answer: 'yes' });
    expect(await s.historyOf(id, 'element.entered')).toContain('answered');
  });

  it('a message boundary on a subprocess correlates on a key computed from the subprocess\'s local input', async () => {
    // given
    const name = uniqueKey('inspection-cancelled');
    const model = c8('sub-msg-local', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="inspection">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= &quot;INS-&quot; + caseNo" target="inspectionNo" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="is" />${userTask('inspect')}<bpmn:endEvent id="ie" />${flows('is>inspect', 'inspect>ie')}
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="cancelled" attachedToRef="inspection"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="endCancelled" />${flows('start>inspection', 'inspection>end', 'cancelled>endCancelled')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= inspectionNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: '77' });
    await s.untilTasks(id, 1);

    // when
    expect((await s.message(name, '77')).correlated).toEqual([]);
    const result = await s.message(name, 'INS-77');

    // then
    expect(result.correlated).toEqual([id]);
    await s.until(id, 'completed');
  });

  it('a parallel join counts tokens per incoming flow: two tokens from a loop on one branch do not fire it', async () => {
    // given
    const model = c8('and-loop', `
      <bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      ${userTask('a')}${userTask('b', 'fire-rescue')}
      <bpmn:exclusiveGateway id="again" default="aDone" />
      <bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start>fork', 'fork>a', 'fork>b', 'a>again', 'b>join', 'join>end')}
      <bpmn:sequenceFlow id="aDone" sourceRef="again" targetRef="join" />
      <bpmn:sequenceFlow id="aAgain" sourceRef="again" targetRef="a"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= repeat = true</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 2);

    // when a is done, then done once more after a repeat, while b is still open
    await s.completeAt(id, 'a', { repeat: true });
    await s.api.eventually(() => s.openTasks(id), (tasks) => tasks.filter((t) => t.elementId === 'a').length === 1);
    await s.completeAt(id, 'a', { repeat: false });
    await s.settled();

    // then
    expect((await s.instance(id)).state).toBe('active');
    expect((await s.openTasks(id)).map((t) => t.elementId)).toEqual(['b']);
    await s.completeAt(id, 'b');
    await s.until(id, 'completed');
  });
});
