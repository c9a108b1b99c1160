import { uniqueKey } from '../support/test-app';
import { c7, c8, flows, Scenario, userTask } from './support/semantics';

describe('engine semantics over REST: end and throw events', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('an error end event nobody catches leaves an UNHANDLED_ERROR incident on the instance', async () => {
    // given
    const model = c8('uncaught-end', `<bpmn:startEvent id="start" /><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>${flows('start>fail')}`,
      `<bpmn:error id="err" errorCode="NOBODY" />`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.until(id, 'incident');
    expect(await s.untilIncident(id)).toMatchObject({ elementId: 'fail', type: 'UNHANDLED_ERROR' });
  });

  it('an escalation nobody catches is no incident: the instance goes on', async () => {
    // given
    const model = c8('uncaught-esc', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="shout"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
      ${userTask('next')}<bpmn:endEvent id="end" />${flows('start>shout', 'shout>next', 'next>end')}`, `<bpmn:escalation id="esc" escalationCode="LOUD" />`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.untilActive(id, ['next']);
    expect(await s.incidents(id)).toEqual([]);
  });

  it('a message throw event with a job type is a job for the sending system (Camunda 8)', async () => {
    // given
    const type = uniqueKey('sms.send');
    const model = c8('msg-throw-job', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />${flows('start>notify', 'notify>end')}`, `<bpmn:message id="m" name="applicant-notified" />`);
    await s.deploy(model);
    const id = await s.start(model.key, { phone: '138' });

    // when
    const [job] = await s.activate(type);
    expect(job).toMatchObject({ elementId: 'notify', variables: { phone: '138' } });
    await s.post(`/jobs/${job.id}/complete`, {});

    // then
    await s.until(id, 'completed');
  });

  it('a signal thrown with variables starts a signal-start process with those variables', async () => {
    // given
    const signal = uniqueKey('fee-changed');
    const listener = c8('sig-start-vars', `
      <bpmn:startEvent id="onFee"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>${userTask('recalculate')}<bpmn:endEvent id="end" />${flows('onFee>recalculate', 'recalculate>end')}`,
      `<bpmn:signal id="sig" name="${signal}" />`);
    const thrower = c8('sig-throw-vars', `
      <bpmn:startEvent id="start" />
      <bpmn:intermediateThrowEvent id="announce"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= newFee" target="fee" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="end" />${flows('start>announce', 'announce>end')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(listener);
    await s.deploy(thrower);

    // when
    await s.start(thrower.key, { newFee: 120, unrelated: true });

    // then
    const [started] = await s.api.eventually(async () => (await s.get(`/process-instances?processKey=${listener.key}`)).body.items as { id: string }[], (items) => items.length === 1);
    expect((await s.instance(started.id)).variables).toEqual({ fee: 120 });
  });

  it('Camunda 7 asyncBefore on a user task: the start commits before the task is created', async () => {
    // given
    const model = c7('async-user', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="review" camunda:candidateGroups="health" camunda:asyncBefore="true" />
      <bpmn:endEvent id="end" />${flows('start>review', 'review>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    const [task] = await s.untilTasks(id, 1);
    expect(task.elementId).toBe('review');
    await s.completeTask(task);
    await s.until(id, 'completed');
  });

  it('a conditional event subprocess starts when variables set over REST make its condition true', async () => {
    // given
    const model = c8('cond-evsub', `
      <bpmn:startEvent id="start" />${userTask('review')}<bpmn:endEvent id="end" />${flows('start>review', 'review>end')}
      <bpmn:subProcess id="onComplaint" triggeredByEvent="true">
        <bpmn:startEvent id="cs" isInterrupting="true"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= complaints &gt; 2</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
        ${userTask('investigate', 'market-regulation')}<bpmn:endEvent id="ce" />${flows('cs>investigate', 'investigate>ce')}
      </bpmn:subProcess>`);
    await s.deploy(model);
    const id = await s.start(model.key, { complaints: 0 });
    await s.untilTasks(id, 1);

    // when
    await s.setVariables(id, { complaints: 1 });
    await s.settled();
    expect((await s.openTasks(id)).map((t) => t.elementId)).toEqual(['review']);
    await s.setVariables(id, { complaints: 3 });

    // then: interrupting, the review is withdrawn
    const tasks = await s.api.eventually(() => s.openTasks(id), (open) => open.length === 1 && open[0].elementId === 'investigate');
    await s.completeTask(tasks[0]);
    await s.until(id, 'completed');
  });

  it('an error the called child and its parent both leave uncaught is an incident on the parent\'s call activity', async () => {
    // given
    const childKey = uniqueKey('failing-child');
    const child = c8('unused', `<bpmn:startEvent id="cs" /><bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>${flows('cs>boom')}`, `<bpmn:error id="err" errorCode="BOOM" />`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('parent-uncaught', `
      <bpmn:startEvent id="start" /><bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end" />${flows('start>callChild', 'callChild>end')}`);
    await s.deploy(parent);

    // when
    const id = await s.start(parent.key);

    // then
    await s.until(id, 'incident');
    expect(await s.untilIncident(id)).toMatchObject({ elementId: 'callChild', type: 'UNHANDLED_ERROR' });
    const [kid] = await s.children(id);
    expect(kid.state).toBe('terminated');
  });
});
