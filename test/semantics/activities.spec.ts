import { uniqueKey } from '../support/test-app';
import { c7, c8, flows, HOUR, Scenario, serviceTask, userTask } from './support/semantics';

describe('engine semantics over REST: activities', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('user task: a task in the candidate group\'s department, completed by its clerk with variables', async () => {
    // given
    const model = c8('user-task', `<bpmn:startEvent id="start" />${userTask('approve', 'fire-rescue')}<bpmn:endEvent id="end" />${flows('start>approve', 'approve>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { seats: 80 });

    // when
    const [task] = await s.untilTasks(id, 1);
    expect(task).toMatchObject({ elementId: 'approve', department: 'fire-rescue' });
    expect((await s.api.complete(task.id, 'clerk.health', {})).status).toBe(403);
    expect((await s.completeTask(task, { approved: true })).status).toBe(200);

    // then
    expect((await s.until(id, 'completed')).variables).toEqual({ seats: 80, approved: true });
  });

  it('service task: a job over REST, failed with retries left, failed again without → incident, resolved with new retries, completed', async () => {
    // given
    const type = uniqueKey('registry-check');
    const model = c8('service-task', `<bpmn:startEvent id="start" />${serviceTask('check', type, 2)}<bpmn:endEvent id="end" />${flows('start>check', 'check>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { idNumber: '110101' });

    // when the worker fails with one retry left
    const [first] = await s.activate(type);
    expect(first).toMatchObject({ processInstanceId: id, elementId: 'check', retries: 2, variables: { idNumber: '110101' } });
    expect((await s.post(`/jobs/${first.id}/fail`, { errorMessage: 'registry down', retries: 1 })).status).toBe(200);

    // then it is handed out again
    const [second] = await s.activate(type);
    expect(second.retries).toBe(1);

    // when it fails with no retries left
    expect((await s.post(`/jobs/${second.id}/fail`, { errorMessage: 'registry still down', retries: 0 })).status).toBe(200);

    // then an incident
    await s.until(id, 'incident');
    const incident = await s.untilIncident(id);
    expect(incident).toMatchObject({ elementId: 'check', type: 'JOB_RETRIES_EXHAUSTED' });
    expect(incident.message).toContain('registry still down');

    // when resolved
    await s.resolve(incident.id, { retries: 1 });
    const [third] = await s.activate(type);
    expect((await s.post(`/jobs/${third.id}/complete`, { variables: { identityValid: true } })).status).toBe(200);

    // then
    expect((await s.until(id, 'completed')).variables).toMatchObject({ identityValid: true });
  });

  it('script task (zeebe:script) and business-rule task with a FEEL expression compute result variables', async () => {
    // given
    const model = c8('script', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="fee"><bpmn:extensionElements><zeebe:script expression="= seats * 10 + 50" resultVariable="fee" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:businessRuleTask id="risk"><bpmn:extensionElements><zeebe:script expression="= if seats &gt; 100 then &quot;high&quot; else if seats &gt; 50 then &quot;medium&quot; else &quot;low&quot;" resultVariable="riskLevel" /></bpmn:extensionElements></bpmn:businessRuleTask>
      <bpmn:endEvent id="end" />${flows('start>fee', 'fee>risk', 'risk>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { seats: 80 });

    // then
    expect((await s.until(id, 'completed')).variables).toEqual({ seats: 80, fee: 850, riskLevel: 'medium' });
  });

  it('Camunda 7 script task with scriptFormat feel and camunda:resultVariable; a JavaScript script is refused at deploy', async () => {
    // given
    const model = c7('script7', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="total" scriptFormat="feel" camunda:resultVariable="total"><bpmn:script>sum(fees)</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="end" />${flows('start>total', 'total>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { fees: [10, 20, 30] });
    expect((await s.until(id, 'completed')).variables).toMatchObject({ total: 60 });

    // when
    const js = c7('script-js', `
      <bpmn:startEvent id="start" />
      <bpmn:scriptTask id="evil" scriptFormat="javascript"><bpmn:script>process.exit(1)</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="end" />${flows('start>evil', 'evil>end')}`);
    const refused = await s.deployRaw(js.xml);

    // then
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('evil');
  });

  it('send task (job) and receive task (message with correlation key), manual task passes through', async () => {
    // given
    const type = uniqueKey('notify-applicant');
    const name = uniqueKey('fee-paid');
    const model = c8('send-receive', `
      <bpmn:startEvent id="start" />
      <bpmn:sendTask id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:sendTask>
      <bpmn:receiveTask id="awaitPayment" messageRef="msgPaid" />
      <bpmn:manualTask id="stampPaper" />
      <bpmn:endEvent id="end" />${flows('start>notify', 'notify>awaitPayment', 'awaitPayment>stampPaper', 'stampPaper>end')}`,
      `<bpmn:message id="msgPaid" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'FEE-7' });

    // when
    const [job] = await s.activate(type);
    await s.post(`/jobs/${job.id}/complete`, { variables: { notified: true } });
    await s.untilActive(id, ['awaitPayment']);
    const result = await s.message(name, 'FEE-7', { paid: 120 });

    // then
    expect(result.correlated).toEqual([id]);
    expect((await s.until(id, 'completed')).variables).toMatchObject({ notified: true, paid: 120 });
    expect(await s.historyOf(id, 'element.left')).toContain('stampPaper');
  });

  it('message throw event: one instance sends a message that another instance, waiting with that key, receives', async () => {
    // given
    const name = uniqueKey('permit-issued');
    const receiver = c8('msg-receiver', `
      <bpmn:startEvent id="start" /><bpmn:intermediateCatchEvent id="permitIssued"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="end" />${flows('start>permitIssued', 'permitIssued>end')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    const sender = c8('msg-sender', `
      <bpmn:startEvent id="start" />
      <bpmn:endEvent id="announce"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:endEvent>
      ${flows('start>announce')}`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(receiver);
    await s.deploy(sender);
    const waiting = await s.start(receiver.key, { caseNo: 'P-1' });

    // when
    await s.start(sender.key, { caseNo: 'P-1', permitNo: 'HP-9' });

    // then
    expect((await s.until(waiting, 'completed')).variables).toMatchObject({ permitNo: 'HP-9' });
  });

  it('embedded subprocess with input and output mappings: mapped locals stay inside, outputs come out', async () => {
    // given
    const model = c8('subprocess-io', `
      <bpmn:startEvent id="start" />
      <bpmn:subProcess id="inspection">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= fee * 2" target="deposit" /><zeebe:output source="= inspected and deposit &gt; 0" target="inspectionOk" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="inspectStart" />${userTask('inspect', 'health', '<zeebe:ioMapping><zeebe:input source="= deposit" target="depositToCheck" /></zeebe:ioMapping>')}<bpmn:endEvent id="inspectEnd" />
        ${flows('inspectStart>inspect', 'inspect>inspectEnd')}
      </bpmn:subProcess>
      <bpmn:endEvent id="end" />${flows('start>inspection', 'inspection>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key, { fee: 100 });

    // when
    const [task] = await s.untilTasks(id, 1);
    const detail = (await s.t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', await s.api.as('clerk.health'))).body;
    expect(detail.variables).toMatchObject({ depositToCheck: 200 });
    await s.completeTask(task, { inspected: true });

    // then
    const done = await s.until(id, 'completed');
    expect(done.variables).toEqual({ fee: 100, inspected: true, inspectionOk: true });
    expect(done.variables).not.toHaveProperty('deposit');
    expect(done.variables).not.toHaveProperty('depositToCheck');
  });

  it('interrupting event subprocess (message): cancels the main flow and runs its handler', async () => {
    // given
    const name = uniqueKey('case-withdrawn');
    const model = c8('evsub-int', `
      <bpmn:startEvent id="start" />${userTask('review')}<bpmn:endEvent id="end" />${flows('start>review', 'review>end')}
      <bpmn:subProcess id="onWithdraw" triggeredByEvent="true">
        <bpmn:startEvent id="withdrawStart" isInterrupting="true"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:startEvent>
        ${userTask('archive', 'market-regulation')}<bpmn:endEvent id="withdrawEnd" />
        ${flows('withdrawStart>archive', 'archive>withdrawEnd')}
      </bpmn:subProcess>`,
      `<bpmn:message id="msg" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= caseNo" /></bpmn:extensionElements></bpmn:message>`);
    await s.deploy(model);
    const id = await s.start(model.key, { caseNo: 'WD-1' });
    const [review] = await s.untilTasks(id, 1);

    // when
    await s.message(name, 'WD-1');

    // then
    const [archive] = await s.untilTasks(id, 1);
    expect(archive.elementId).toBe('archive');
    expect((await s.completeTask(review)).status).toBe(409);
    await s.completeTask(archive);
    await s.until(id, 'completed');
  });

  it('non-interrupting event subprocess (timer): a reminder runs beside the main flow', async () => {
    // given
    const model = c8('evsub-nonint', `
      <bpmn:startEvent id="start" />${userTask('review')}<bpmn:endEvent id="end" />${flows('start>review', 'review>end')}
      <bpmn:subProcess id="reminder" triggeredByEvent="true">
        <bpmn:startEvent id="remindStart" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
        ${userTask('remind', 'market-regulation')}<bpmn:endEvent id="remindEnd" />
        ${flows('remindStart>remind', 'remind>remindEnd')}
      </bpmn:subProcess>`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilTasks(id, 1);

    // when
    await s.advance(48 * HOUR);

    // then
    const tasks = await s.untilTasks(id, 2);
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['remind', 'review']);
    await s.completeAt(id, 'remind');
    expect((await s.instance(id)).state).toBe('active');
    await s.completeAt(id, 'review');
    await s.until(id, 'completed');
  });

  it('call activity: the child is listed under its parent, gets the mapped inputs and hands back the outputs', async () => {
    // given
    const childKey = uniqueKey('permit');
    const child = c8('unused', `<bpmn:startEvent id="cs" />${userTask('inspect')}<bpmn:endEvent id="ce" />${flows('cs>inspect', 'inspect>ce')}`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('parent', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="getPermit">
        <bpmn:extensionElements>
          <zeebe:calledElement processId="${childKey}" propagateAllChildVariables="false" />
          <zeebe:ioMapping><zeebe:input source="= company" target="holder" /><zeebe:output source="= permitNo" target="healthPermit" /></zeebe:ioMapping>
        </bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:endEvent id="end" />${flows('start>getPermit', 'getPermit>end')}`);
    await s.deploy(parent);
    const parentId = await s.start(parent.key, { company: 'ACME', secret: 'x' });

    // when
    const [kid] = await s.api.eventually(() => s.children(parentId), (items) => items.length === 1);
    expect(kid).toMatchObject({ processKey: childKey, parentId });
    expect((await s.instance(kid.id)).variables).toMatchObject({ holder: 'ACME' });
    await s.completeAt(kid.id, 'inspect', { permitNo: 'HP-1', inspector: 'Wang' });

    // then
    const done = await s.until(parentId, 'completed');
    expect(done.variables).toEqual({ company: 'ACME', secret: 'x', healthPermit: 'HP-1' });
    expect((await s.instance(kid.id)).state).toBe('completed');
  });

  it('call activity: an error thrown in the child is caught by the boundary on the call activity', async () => {
    // given
    const childKey = uniqueKey('check');
    const child = c8('unused', `<bpmn:startEvent id="cs" />${userTask('check')}
      <bpmn:exclusiveGateway id="ok" default="fine" />
      <bpmn:endEvent id="refuse"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent><bpmn:endEvent id="ce" />
      ${flows('cs>check', 'check>ok')}
      <bpmn:sequenceFlow id="bad" sourceRef="ok" targetRef="refuse"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= eligible = false</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="fine" sourceRef="ok" targetRef="ce" />`, `<bpmn:error id="err" name="Not eligible" errorCode="NOT_ELIGIBLE" />`);
    await s.deploy({ xml: child.xml.split(child.key).join(childKey) });
    const parent = c8('parent-err', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callCheck"><bpmn:extensionElements><zeebe:calledElement processId="${childKey}" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:boundaryEvent id="notEligible" attachedToRef="callCheck"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${userTask('explain', 'market-regulation')}<bpmn:endEvent id="end" /><bpmn:endEvent id="endRefused" />
      ${flows('start>callCheck', 'callCheck>end', 'notEligible>explain', 'explain>endRefused')}`,
      `<bpmn:error id="err" name="Not eligible" errorCode="NOT_ELIGIBLE" />`);
    await s.deploy(parent);
    const parentId = await s.start(parent.key);
    const [kid] = await s.api.eventually(() => s.children(parentId), (items) => items.length === 1);

    // when
    await s.completeAt(kid.id, 'check', { eligible: false });

    // then
    await s.untilActive(parentId, ['explain']);
    expect((await s.instance(kid.id)).state).not.toBe('active');
  });
});
