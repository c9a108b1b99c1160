import { uniqueKey } from '../support/test-app';
import { c8, flows, HOUR, Scenario, userTask } from './support/semantics';

const timerOf = (kind: 'timeDuration' | 'timeDate', text: string) => `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${text}</bpmn:${kind}></bpmn:timerEventDefinition>`;

describe('engine semantics over REST: timer expressions and multi-instance errors', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('a timer duration from a FEEL expression over the variables', async () => {
    // given
    const model = c8('timer-feel', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait">${timerOf('timeDuration', '= duration("PT" + string(hours) + "H")')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>wait', 'wait>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { hours: 6 });

    // when a minute short of six hours
    await s.advance(6 * HOUR - 60_000);

    // then still waiting
    expect((await s.instance(id)).state).toBe('active');

    // when six hours have passed
    await s.advance(60_000);

    // then
    expect((await s.instance(id)).state).toBe('completed');
  });

  it('a timer date in the past fires at once', async () => {
    // given
    const model = c8('timer-past', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait">${timerOf('timeDate', '= date and time(deadline)')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>wait', 'wait>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { deadline: '2020-01-01T00:00:00Z' });

    // then
    await s.until(id, 'completed');
  });

  it('a timer expression without a value is an incident; resolving after setting the variable schedules it', async () => {
    // given
    const model = c8('timer-missing', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="wait">${timerOf('timeDuration', '= limit')}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>wait', 'wait>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident.elementId).toBe('wait');

    // when
    await s.setVariables(id, { limit: 'PT0.5S' });
    await s.resolve(incident.id);

    // then
    await s.until(id, 'completed', 15_000);
  });

  it('a BPMN error from one inner instance of a parallel multi-instance is caught on the body; the other instances are withdrawn', async () => {
    // given
    const type = uniqueKey('check-shop');
    const model = c8('mi-error', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="checkShop">
        <bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= shops" inputElement="shop" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>
      <bpmn:boundaryEvent id="closedDown" attachedToRef="checkShop"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="refused" />
      ${flows('start>checkShop', 'checkShop>end', 'closedDown>refused')}`, `<bpmn:error id="err" errorCode="CLOSED" />`);
    await s.deploy(model);
    const id = await s.start(model.key, { shops: ['A', 'B', 'C'] });
    const jobs = await s.activate(type, 3);
    expect(jobs.map((j) => j.variables.shop).sort()).toEqual(['A', 'B', 'C']);

    // when
    await s.post(`/jobs/${jobs[0].id}/complete`, {});
    await s.post(`/jobs/${jobs[1].id}/throw-error`, { errorCode: 'CLOSED' });

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('refused');
    const late = await s.post(`/jobs/${jobs[2].id}/complete`, {});
    expect(late.status).toBe(409);
  });

  it('a multi-instance over a collection that is not a list raises an incident', async () => {
    // given
    const model = c8('mi-bad', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="sign"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="health" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= signers" inputElement="signer" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>sign', 'sign>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { signers: 'Zhang' });

    // then
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident.elementId).toBe('sign');

    // when
    await s.setVariables(id, { signers: ['Zhang', 'Li'] });
    await s.resolve(incident.id);

    // then
    await s.untilTasks(id, 2);
  });

  it('the user task output mapping hands back only the mapped result', async () => {
    // given
    const model = c8('task-output', `
      <bpmn:startEvent id="start" />
      ${userTask('assess', 'health', '<zeebe:ioMapping><zeebe:output source="= score &gt;= 60" target="passed" /></zeebe:ioMapping>')}
      <bpmn:endEvent id="end" />${flows('start>assess', 'assess>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);

    // when
    await s.completeAt(id, 'assess', { score: 72, notes: 'fine' });

    // then
    expect((await s.until(id, 'completed')).variables).toEqual({ passed: true });
  });
});
