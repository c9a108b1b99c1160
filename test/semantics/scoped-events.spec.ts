import { DataSource } from 'typeorm';
import { uniqueKey } from '../support/test-app';
import { c7, c8, conditionalFlow, flows, HOUR, Scenario, serviceTask, userTask } from './support/semantics';
import { inRoot } from '../support/root-scope';

const timer = (duration: string) => `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;
const keyedMessage = (id: string, name: string, key = '= caseNo') => `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;

describe('engine semantics over REST: scopes, boundaries and joins', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('inclusive join waits for a token upstream that can still arrive, and not once it went elsewhere', async () => {
    // given: branch A may leave through an exclusive gateway to the join or to its own end
    const model = c8('or-upstream', `
      <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="split" />
      ${userTask('a')}${userTask('b', 'fire-rescue')}
      <bpmn:exclusiveGateway id="aRoute" default="aToJoin" />
      <bpmn:inclusiveGateway id="join" />${userTask('after', 'market-regulation')}
      <bpmn:endEvent id="aEnd" /><bpmn:endEvent id="end" />
      ${flows('start>split', 'split>a', 'split>b', 'a>aRoute', 'b>join', 'join>after', 'after>end')}
      <bpmn:sequenceFlow id="aToJoin" sourceRef="aRoute" targetRef="join" />
      ${conditionalFlow('aAway', 'aRoute', 'aEnd', '= withdrawn = true')}`);
    await s.deploy(model);
    const waitsForA = await s.start(model.key);
    const leavesA = await s.start(model.key);

    // when b arrives while a is still open
    await s.completeAt(waitsForA, 'b');
    await s.completeAt(leavesA, 'b');
    await s.settled();

    // then the join waits in both
    expect((await s.openTasks(waitsForA)).map((t) => t.elementId)).toEqual(['a']);

    // when a goes to the join in one instance and away in the other
    await s.completeAt(waitsForA, 'a', { withdrawn: false });
    await s.completeAt(leavesA, 'a', { withdrawn: true });

    // then both joins fire exactly once
    await s.untilActive(waitsForA, ['after']);
    await s.untilActive(leavesA, ['after']);
    expect((await s.historyOf(waitsForA, 'element.left')).filter((e) => e === 'join')).toHaveLength(1);
    expect((await s.historyOf(leavesA, 'element.left')).filter((e) => e === 'join')).toHaveLength(1);
  });

  it('inclusive split: the default flow when no condition holds; no condition and no default → incident', async () => {
    // given
    const withDefault = c8('or-default', `
      <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="split" default="other" />
      <bpmn:endEvent id="fireEnd" /><bpmn:endEvent id="otherEnd" />
      ${flows('start>split')}${conditionalFlow('toFire', 'split', 'fireEnd', '= seats > 50')}
      <bpmn:sequenceFlow id="other" sourceRef="split" targetRef="otherEnd" />`);
    const withoutDefault = c8('or-nodefault', `
      <bpmn:startEvent id="start" /><bpmn:inclusiveGateway id="split" />
      <bpmn:endEvent id="fireEnd" /><bpmn:endEvent id="healthEnd" />
      ${flows('start>split')}${conditionalFlow('toFire', 'split', 'fireEnd', '= seats > 50')}${conditionalFlow('toHealth', 'split', 'healthEnd', '= food')}`);
    await s.deploy(withDefault);
    await s.deploy(withoutDefault);

    // when
    const one = await s.start(withDefault.key, { seats: 5 });
    const two = await s.start(withoutDefault.key, { seats: 5, food: false });

    // then
    await s.until(one, 'completed');
    expect(await s.historyOf(one, 'element.entered')).toContain('otherEnd');
    await s.until(two, 'incident');
    const incident = await s.untilIncident(two);
    expect(incident.elementId).toBe('split');
    await s.setVariables(two, { food: true });
    await s.resolve(incident.id);
    await s.until(two, 'completed');
  });

  it('interrupting timer boundary on a subprocess withdraws every task inside it', async () => {
    // given
    const model = c8('sub-timer', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="review">
        <bpmn:startEvent id="rs" /><bpmn:parallelGateway id="rf" />${userTask('legal')}${userTask('tech', 'fire-rescue')}
        <bpmn:parallelGateway id="rj" /><bpmn:endEvent id="re" />
        ${flows('rs>rf', 'rf>legal', 'rf>tech', 'legal>rj', 'tech>rj', 'rj>re')}
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="timeLimit" attachedToRef="review">${timer('P20D')}</bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="overdue" />
      ${flows('start>review', 'review>end', 'timeLimit>overdue')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const tasks = await s.untilTasks(id, 2);
    await s.completeTask(tasks.find((t) => t.elementId === 'legal')!);

    // when
    await s.advance(20 * 24 * HOUR);
    await s.until(id, 'completed');

    // then
    expect(await s.historyOf(id, 'element.entered')).toContain('overdue');
    expect((await s.completeTask(tasks.find((t) => t.elementId === 'tech')!)).status).toBe(409);
  });

  it('non-interrupting message boundary: a supplement adds a task, the main task stays', async () => {
    // given
    const name = uniqueKey('supplement');
    const model = c8('msg-nonint', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="supplemented" attachedToRef="review" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
      ${userTask('readSupplement', 'fire-rescue')}<bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows('start>review', 'review>end', 'supplemented>readSupplement', 'readSupplement>end2')}`, keyedMessage('m', name));
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 42 });
    await s.untilTasks(id, 1);

    // when: two supplements arrive (a number key matches its string form)
    await s.message(name, '42', { page: 1 });
    await s.message(name, '42', { page: 2 });

    // then
    const tasks = await s.untilTasks(id, 3);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['readSupplement', 'readSupplement', 'review']);
  });

  it('signal boundary and signal end event: one instance\'s end signal interrupts another\'s task', async () => {
    // given
    const signal = uniqueKey('law-changed');
    const waiting = c8('sig-boundary', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="lawChanged" attachedToRef="review"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="restart" />${flows('start>review', 'review>end', 'lawChanged>restart')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    const announcing = c8('sig-end', `
      <bpmn:startEvent id="start" /><bpmn:endEvent id="announce"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:endEvent>${flows('start>announce')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(waiting);
    await s.deploy(announcing);
    const id = await s.start(waiting.key);
    await s.untilTasks(id, 1);

    // when
    await s.start(announcing.key);

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('restart');
  });

  it('error event subprocess catches the BPMN error a job worker throws', async () => {
    // given
    const type = uniqueKey('verify');
    const model = c8('error-evsub', `
      <bpmn:startEvent id="start" />${serviceTask('verify', type)}<bpmn:endEvent id="end" />${flows('start>verify', 'verify>end')}
      <bpmn:subProcess id="onError" triggeredByEvent="true">
        <bpmn:startEvent id="es"><bpmn:errorEventDefinition errorRef="err" /></bpmn:startEvent>${userTask('handle')}<bpmn:endEvent id="ee" />
        ${flows('es>handle', 'handle>ee')}
      </bpmn:subProcess>`, `<bpmn:error id="err" name="Blacklisted" errorCode="BLACKLISTED" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [job] = await s.activate(type);

    // when
    await s.post(`/jobs/${job.id}/throw-error`, { errorCode: 'BLACKLISTED', errorMessage: 'on the list', variables: { list: 'credit' } });

    // then
    await s.untilActive(id, ['onError', 'handle']);
    await s.completeAt(id, 'handle');
    await s.until(id, 'completed');
  });

  it('a catch-all error boundary (no error reference) catches any error code', async () => {
    // given
    const type = uniqueKey('verify');
    const model = c8('error-catchall', `
      <bpmn:startEvent id="start" />${serviceTask('verify', type)}
      <bpmn:boundaryEvent id="anyError" attachedToRef="verify"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="failed" />${flows('start>verify', 'verify>end', 'anyError>failed')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    const [job] = await s.activate(type);

    // when
    await s.post(`/jobs/${job.id}/throw-error`, { errorCode: 'WHATEVER' });

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('failed');
  });

  it('escalation thrown in a called child reaches the boundary on the call activity; the child goes on', async () => {
    // given
    const childKey = uniqueKey('child-esc');
    const child = c8('unused', `<bpmn:startEvent id="cs" />
      <bpmn:intermediateThrowEvent id="askHelp"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
      ${userTask('work')}<bpmn:endEvent id="ce" />${flows('cs>askHelp', 'askHelp>work', 'work>ce')}`, `<bpmn:escalation id="esc" name="Help" escalationCode="HELP" />`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('parent-esc', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="helpAsked" attachedToRef="callChild" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>
      ${userTask('help', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="helped" />
      ${flows('start>callChild', 'callChild>end', 'helpAsked>help', 'help>helped')}`, `<bpmn:escalation id="esc" name="Help" escalationCode="HELP" />`);
    await s.deploy(parent);

    // when
    const parentId = await s.start(parent.key);

    // then
    await s.untilActive(parentId, ['callChild', 'help']);
    const [kid] = await s.children(parentId);
    await s.untilActive(kid.id, ['work']);
    await s.completeAt(kid.id, 'work');
    await s.completeAt(parentId, 'help');
    await s.until(parentId, 'completed');
  });

  it('an escalation end event in a called child interrupts the call activity through its interrupting boundary', async () => {
    // given
    const childKey = uniqueKey('child-esc-end');
    const child = c8('unused', `<bpmn:startEvent id="cs" />${userTask('work')}
      <bpmn:endEvent id="giveUp"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>${flows('cs>work', 'work>giveUp')}`, `<bpmn:escalation id="esc" escalationCode="GIVE_UP" />`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('parent-esc-end', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="gaveUp" attachedToRef="callChild"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="escalated" />
      ${flows('start>callChild', 'callChild>end', 'gaveUp>escalated')}`, `<bpmn:escalation id="esc" escalationCode="GIVE_UP" />`);
    await s.deploy(parent);
    const parentId = await s.start(parent.key);
    const [kid] = await s.api.eventually(() => s.children(parentId), (items) => items.length === 1);

    // when
    await s.completeAt(kid.id, 'work');

    // then: the child's end carries its escalation, so the parent cannot see the end first
    await s.until(parentId, 'completed');
    const entered = await s.historyOf(parentId, 'element.entered');
    expect(entered).toContain('escalated');
    expect(entered).not.toContain('end');
    const messages = await inRoot(s.t.app).get(DataSource).query(`SELECT type, payload->'escalations' AS escalations FROM outbox WHERE instance_id = $1 AND topic = 'calls'`, [kid.id]);
    expect(messages).toEqual([{ type: 'call.ended', escalations: [expect.objectContaining({ code: 'GIVE_UP' })] }]);
  });

  it('an error through two levels of call activities is caught by the grandparent', async () => {
    // given
    const grandchildKey = uniqueKey('grandchild');
    const childKey = uniqueKey('child');
    const gc = c8('unused', `<bpmn:startEvent id="gs" /><bpmn:endEvent id="ge"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>${flows('gs>ge')}`, `<bpmn:error id="err" errorCode="DEEP" />`);
    await s.deploy({ xml: gc.xml.split(gc.key).join(grandchildKey) });
    const ch = c8('unused', `<bpmn:startEvent id="cs" /><bpmn:callActivity id="callGrandchild"><bpmn:extensionElements><zeebe:calledElement processId="${grandchildKey}" /></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="ce" />${flows('cs>callGrandchild', 'callGrandchild>ce')}`);
    await s.deploy({ xml: ch.xml.split(ch.key).join(childKey) });
    const parent = c8('grandparent', `
      <bpmn:startEvent id="start" /><bpmn:callActivity id="callChild"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="deep" attachedToRef="callChild"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="caught" />${flows('start>callChild', 'callChild>end', 'deep>caught')}`, `<bpmn:error id="err" errorCode="DEEP" />`);
    await s.deploy(parent);

    // when
    const id = await s.start(parent.key);

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('caught');
  });

  it('a terminate end event inside a subprocess ends only the subprocess', async () => {
    // given
    const model = c8('sub-terminate', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub">
        <bpmn:startEvent id="ss" /><bpmn:parallelGateway id="sf" />${userTask('quick')}${userTask('slow', 'fire-rescue')}
        <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="se" />
        ${flows('ss>sf', 'sf>quick', 'sf>slow', 'quick>stop', 'slow>se')}
      </bpmn:subProcess>
      ${userTask('after', 'market-regulation')}<bpmn:endEvent id="end" />${flows('start>sub', 'sub>after', 'after>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 2);

    // when
    await s.completeAt(id, 'quick');

    // then
    await s.untilActive(id, ['after']);
    expect((await s.openTasks(id)).map((t) => t.elementId)).toEqual(['after']);
  });

  it('a message published with a time to live before anyone waits is consumed by the instance that subscribes later', async () => {
    // given
    const name = uniqueKey('fee-paid');
    const model = c8('buffered', `
      <bpmn:startEvent id="start" />${userTask('prepare')}
      <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>prepare', 'prepare>paid', 'paid>end')}`, keyedMessage('m', name));
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'B-1' });

    // when
    const published = await s.message(name, 'B-1', { amount: 5 }, { timeToLive: 60_000 });
    expect(published.buffered).toBe(true);
    await s.completeAt(id, 'prepare');

    // then
    expect((await s.until(id, 'completed')).variables).toMatchObject({ amount: 5 });
  });

  it('parallel multi-instance subprocess: each inner instance has its own tasks; an empty collection passes at once', async () => {
    // given
    const model = c8('mi-sub', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="perDepartment">
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= departments" inputElement="dept" outputCollection="results" outputElement="= result" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
        <bpmn:startEvent id="ps" />
        <bpmn:userTask id="decide"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="= dept" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="pe" />${flows('ps>decide', 'decide>pe')}
      </bpmn:subProcess>
      <bpmn:endEvent id="end" />${flows('start>perDepartment', 'perDepartment>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { departments: ['health', 'fire-rescue'] });
    const none = await s.start(model.key, { departments: [] });

    // when
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.department).sort()).toEqual(['fire-rescue', 'health']);
    for (const task of tasks) await s.completeTask(task, { result: `${task.department}-ok` });

    // then
    expect((await s.until(id, 'completed')).variables.results).toEqual(['health-ok', 'fire-rescue-ok']);
    expect((await s.until(none, 'completed')).variables.results).toEqual([]);
  });

  it('multi-instance call activity: one child per element, all must finish', async () => {
    // given
    const childKey = uniqueKey('permit-child');
    const child = c8('unused', `<bpmn:startEvent id="cs" />${userTask('inspect')}<bpmn:endEvent id="ce" />${flows('cs>inspect', 'inspect>ce')}`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('mi-call', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callEach">
        <bpmn:extensionElements><zeebe:calledElement processId="${childKey}" propagateAllChildVariables="false" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= shops" inputElement="shop" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:callActivity>
      <bpmn:endEvent id="end" />${flows('start>callEach', 'callEach>end')}`);
    await s.deploy(parent);
    const id = await s.start(parent.key, { shops: ['A', 'B', 'C'] });

    // when
    const kids = await s.api.eventually(() => s.children(id), (items) => items.length === 3);
    expect((await Promise.all(kids.map((k) => s.instance(k.id)))).map((k) => k.variables.shop).sort()).toEqual(['A', 'B', 'C']);
    for (const kid of kids.slice(0, 2)) await s.completeAt(kid.id, 'inspect');
    await s.settled();
    expect((await s.instance(id)).state).toBe('active');
    await s.completeAt(kids[2].id, 'inspect');

    // then
    await s.until(id, 'completed');
  });

  it('non-interrupting conditional boundary event fires when variables set over REST make it true', async () => {
    // given
    const model = c8('cond-boundary', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="urgent" attachedToRef="review" cancelActivity="false"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= priority = "urgent"</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
      ${userTask('notifyHead', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows('start>review', 'review>end', 'urgent>notifyHead', 'notifyHead>end2')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { priority: 'normal' });
    await s.untilTasks(id, 1);

    // when
    await s.setVariables(id, { priority: 'urgent' });

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['notifyHead', 'review']);
  });

  it('Camunda 7 call activity with camunda:in / camunda:out mappings and a message start event by name', async () => {
    // given
    const childKey = uniqueKey('c7-child');
    const child = c7('unused', `<bpmn:startEvent id="cs" /><bpmn:userTask id="inspect" camunda:candidateGroups="health" /><bpmn:endEvent id="ce" />${flows('cs>inspect', 'inspect>ce')}`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const name = uniqueKey('c7-apply');
    const parent = c7('c7-parent', `
      <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
      <bpmn:callActivity id="callChild" calledElement="${childKey}">
        <bpmn:extensionElements><camunda:in source="company" target="holder" /><camunda:out source="permitNo" target="permit" /></bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:endEvent id="end" />${flows('start>callChild', 'callChild>end')}`, `<bpmn:message id="m" name="${name}" />`);
    await s.deploy(parent);

    // when
    const started = await s.message(name, undefined, { company: 'ACME', other: 1 });
    const id = started.started[0];

    // then
    const [kid] = await s.api.eventually(() => s.children(id), (items) => items.length === 1);
    expect((await s.instance(kid.id)).variables).toEqual({ holder: 'ACME' });
    await s.completeAt(kid.id, 'inspect', { permitNo: 'P-7', noise: true });
    expect((await s.until(id, 'completed')).variables).toEqual({ company: 'ACME', other: 1, permit: 'P-7' });
  });

  it('non-interrupting signal boundary: every broadcast adds a task, the main task stays', async () => {
    // given
    const signal = uniqueKey('rules-updated');
    const model = c8('sig-nonint', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="rulesUpdated" attachedToRef="review" cancelActivity="false"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:boundaryEvent>
      ${userTask('recheck', 'fire-rescue')}<bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows('start>review', 'review>end', 'rulesUpdated>recheck', 'recheck>end2')}`, `<bpmn:signal id="sig" name="${signal}" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 1);

    // when
    await s.signal(signal);
    await s.untilTasks(id, 2);
    await s.signal(signal);

    // then
    const tasks = await s.untilTasks(id, 3);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['recheck', 'recheck', 'review']);
  });

  it('interrupting escalation boundary on a subprocess: an escalation end event inside ends the subprocess', async () => {
    // given
    const model = c8('esc-int', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="handle">
        <bpmn:startEvent id="hs" /><bpmn:parallelGateway id="hf" />${userTask('decide')}${userTask('parallelWork', 'fire-rescue')}
        <bpmn:endEvent id="escalate"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent><bpmn:endEvent id="he" />
        ${flows('hs>hf', 'hf>decide', 'hf>parallelWork', 'decide>escalate', 'parallelWork>he')}
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="escalated" attachedToRef="handle"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>
      ${userTask('director', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="end2" />
      ${flows('start>handle', 'handle>end', 'escalated>director', 'director>end2')}`, `<bpmn:escalation id="esc" escalationCode="TO_DIRECTOR" />`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 2);

    // when
    await s.completeAt(id, 'decide');

    // then
    const tasks = await s.untilTasks(id, 1);
    expect(tasks[0].elementId).toBe('director');
  });

  it('interrupting conditional boundary: the task is withdrawn when the variables make the condition true', async () => {
    // given
    const model = c8('cond-int', `
      <bpmn:startEvent id="start" />${userTask('review')}
      <bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= status = "withdrawn"</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="endWithdrawn" />${flows('start>review', 'review>end', 'withdrawn>endWithdrawn')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { status: 'open' });
    const [task] = await s.untilTasks(id, 1);

    // when
    await s.setVariables(id, { status: 'withdrawn' });

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('endWithdrawn');
    expect((await s.completeTask(task)).status).toBe(409);
  });
});
