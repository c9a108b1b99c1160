import { uniqueKey } from '../support/test-app';
import { c7, c8, conditionalFlow, flows, HOUR, Scenario, userTask } from './support/semantics';

describe('engine semantics over REST: models as Camunda Modeler writes them', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  it('a Camunda 8 document with diagram interchange, zeebe:userTask, a form, a schedule and a priority deploys and runs', async () => {
    // given
    const key = uniqueKey('modeler-c8');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1x7y0tq" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.28.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${key}" name="开餐馆审批" isExecutable="true">
    <bpmn:extensionElements><zeebe:versionTag value="v1" /></bpmn:extensionElements>
    <bpmn:startEvent id="StartEvent_1" name="申请提交"><bpmn:outgoing>Flow_0a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Activity_review" name="审核">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:formDefinition formId="review-form" />
        <zeebe:assignmentDefinition candidateGroups="market-regulation" />
        <zeebe:taskSchedule dueDate="= now() + duration(&quot;P5D&quot;)" />
        <zeebe:priorityDefinition priority="60" />
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_0a</bpmn:incoming><bpmn:outgoing>Flow_0b</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="Event_end" name="办结"><bpmn:incoming>Flow_0b</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_0a" sourceRef="StartEvent_1" targetRef="Activity_review" />
    <bpmn:sequenceFlow id="Flow_0b" sourceRef="Activity_review" targetRef="Event_end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${key}">
      <bpmndi:BPMNShape id="_BPMNShape_StartEvent_2" bpmnElement="StartEvent_1"><dc:Bounds x="179" y="99" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="172" y="142" width="50" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Activity_review_di" bpmnElement="Activity_review"><dc:Bounds x="270" y="77" width="100" height="80" /><bpmndi:BPMNLabel /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Event_end_di" bpmnElement="Event_end"><dc:Bounds x="432" y="99" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_0a_di" bpmnElement="Flow_0a"><di:waypoint x="215" y="117" /><di:waypoint x="270" y="117" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_0b_di" bpmnElement="Flow_0b"><di:waypoint x="370" y="117" /><di:waypoint x="432" y="117" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

    const designer = await s.api.as('designer');
    const form = { id: 'review-form', type: 'default', components: [{ type: 'textarea', key: 'opinion', label: '审核意见' }] };
    expect((await s.t.http.post('/api/v1/forms').set('Authorization', designer).send({ name: '审核', schema: form })).status).toBe(201);

    // when
    const deployed = await s.deployRaw(xml);
    expect(deployed.status).toBe(201);
    const id = await s.start(key);

    // then
    const [task] = await s.untilTasks(id, 1);
    expect(task).toMatchObject({ elementId: 'Activity_review', department: 'market-regulation' });
    const linked = await s.t.http.get(`/api/v1/tasks/${task.id}/form`).set('Authorization', await s.api.as('admin'));
    expect(linked.body).toMatchObject({ formId: 'review-form', editable: ['opinion'] });
    await s.completeTask(task, { approved: true });
    await s.until(id, 'completed');
  });

  it('a Camunda 8 job type given as a FEEL expression routes the job to the computed type', async () => {
    // given
    const region = uniqueKey('region');
    const model = c8('job-type-expr', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="verify"><bpmn:extensionElements><zeebe:taskDefinition type="= &quot;police.&quot; + region" retries="= 2" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="end" />${flows('start>verify', 'verify>end')}`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key, { region });

    // then
    const [job] = await s.activate(`police.${region}`);
    expect(job).toMatchObject({ processInstanceId: id, retries: 2 });
    await s.post(`/jobs/${job.id}/complete`, {});
    await s.until(id, 'completed');
  });

  it('a Camunda 7 external task (camunda:type="external", camunda:topic) is a job of the topic; JUEL conditions with == and && route as in Camunda 7', async () => {
    // given
    const topic = uniqueKey('credit-check');
    const model = c7('external', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="${topic}" camunda:asyncBefore="true" />
      <bpmn:exclusiveGateway id="ok" default="bad" />
      <bpmn:endEvent id="good" /><bpmn:endEvent id="refused" />
      ${flows('start>check', 'check>ok')}
      ${conditionalFlow('fine', 'ok', 'good', '${score >= 60}')}
      <bpmn:sequenceFlow id="bad" sourceRef="ok" targetRef="refused" />`);
    await s.deploy(model);
    const id = await s.start(model.key);

    // when
    const [job] = await s.activate(topic);
    await s.post(`/jobs/${job.id}/complete`, { variables: { score: 75 } });

    // then
    await s.until(id, 'completed');
    expect(await s.historyOf(id, 'element.entered')).toContain('good');

    // when
    const juel = c7('juel', `
      <bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="gw" default="d" /><bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
      ${flows('start>gw')}${conditionalFlow('juelFlow', 'gw', 'e1', '${status == "ok" && score > 1}')}<bpmn:sequenceFlow id="d" sourceRef="gw" targetRef="e2" />`);
    await s.deploy(juel);
    const routed = await s.start(juel.key, { status: 'ok', score: 2 });
    const defaulted = await s.start(juel.key, { status: 'ok', score: 1 });

    // then
    await s.until(routed, 'completed');
    await s.until(defaulted, 'completed');
    expect(await s.historyOf(routed, 'element.entered')).toContain('e1');
    expect(await s.historyOf(defaulted, 'element.entered')).toContain('e2');
  });

  it('listeners are refused at deploy with the element id, not ignored', async () => {
    // given
    const zeebe = c8('listener8', `<bpmn:startEvent id="start" />
      <bpmn:userTask id="audited"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>audited', 'audited>end')}`);
    const camunda = c7('listener7', `<bpmn:startEvent id="start" />
      <bpmn:userTask id="notified"><bpmn:extensionElements><camunda:taskListener class="org.example.Notify" event="create" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />${flows('start>notified', 'notified>end')}`);

    // when
    const one = await s.deployRaw(zeebe.xml);
    const two = await s.deployRaw(camunda.xml);

    // then
    expect(one.status).toBe(400);
    expect(one.body.code).toBe('BPMN_UNSUPPORTED_ELEMENT');
    expect(JSON.stringify(one.body)).toContain('audited');
    expect(two.status).toBe(400);
    expect(JSON.stringify(two.body)).toContain('notified');
  });

  it('a timer start event with a date starts an instance when due', async () => {
    // given
    const due = new Date(s.t.clock!.now().getTime() + 24 * HOUR).toISOString();
    const model = c8('timer-start', `
      <bpmn:startEvent id="daily"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">${due}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
      ${userTask('report')}<bpmn:endEvent id="end" />${flows('daily>report', 'report>end')}`);

    await s.deploy(model);

    // when
    await s.advance(24 * HOUR, { startTimersOf: [model.key] });

    // then
    const started = await s.api.eventually(async () => (await s.get(`/process-instances?processKey=${model.key}`)).body.items as { id: string }[], (items) => items.length === 1);
    await s.untilActive(started[0].id, ['report']);
  });

  it('a call activity pinned to a version (camunda:calledElementBinding="version") calls that version, not the latest', async () => {
    // given: two versions of the child
    const childKey = uniqueKey('pinned-child');
    const childV = (task: string) => {
      const doc = c7('unused', `<bpmn:startEvent id="cs" /><bpmn:userTask id="${task}" camunda:candidateGroups="health" /><bpmn:endEvent id="ce" />${flows(`cs>${task}`, `${task}>ce`)}`);
      return { xml: doc.xml.split(doc.key).join(childKey) };
    };
    await s.deploy(childV('inspectV1'));
    await s.deploy(childV('inspectV2'));
    const parent = c7('pinned-parent', `
      <bpmn:startEvent id="start" />
      <bpmn:callActivity id="callV1" calledElement="${childKey}" camunda:calledElementBinding="version" camunda:calledElementVersion="1" />
      <bpmn:callActivity id="callLatest" calledElement="${childKey}" />
      <bpmn:endEvent id="end" />${flows('start>callV1', 'callV1>callLatest', 'callLatest>end')}`);
    await s.deploy(parent);

    // when
    const id = await s.start(parent.key);

    // then
    const [first] = await s.api.eventually(() => s.children(id), (items) => items.length === 1);
    await s.untilActive(first.id, ['inspectV1']);
    await s.completeAt(first.id, 'inspectV1');
    const both = await s.api.eventually(() => s.children(id), (items) => items.length === 2);
    const second = both.find((c) => c.id !== first.id)!;
    await s.untilActive(second.id, ['inspectV2']);
  });

  it('a Camunda 7 camunda:initiator start event stores the user who started the instance', async () => {
    // given
    const model = c7('initiator', `
      <bpmn:startEvent id="start" camunda:initiator="starter" />
      <bpmn:userTask id="confirm" camunda:candidateGroups="health" camunda:assignee="\${starter}" />
      <bpmn:endEvent id="end" />${flows('start>confirm', 'confirm>end')}`);
    await s.deploy(model);

    // when
    const response = await s.t.http.post('/api/v1/process-instances').set('X-API-Key', s.t.apiKey).send({ processKey: model.key, variables: {} });

    // then
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    expect((await s.instance(id)).variables).toEqual({ starter: 'apikey:demo-integrator' });
    const [task] = await s.untilTasks(id, 1);
    expect(task.assignee).toBe('apikey:demo-integrator');
  });
});
