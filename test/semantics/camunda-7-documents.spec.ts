import { c7, flows, Scenario } from './support/semantics';

/**
 * Valid BPMN that Camunda 7 runs and its engine tests use (ReceiveTaskTest, ExclusiveGatewayTest
 * .testNoIdOnSequenceFlow, BoundaryErrorEventTest with an undeclared errorRef), asserting the same
 * outcomes over REST.
 */
describe('engine semantics over REST: valid BPMN as Camunda 7 runs it', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await Scenario.start();
  });

  afterAll(async () => {
    await s.close();
  });

  function trigger(id: string, elementId: string, body: Record<string, unknown> = {}) {
    return s.post(`/process-instances/${id}/elements/${elementId}/trigger`, body);
  }

  it('a receive task without a message waits until triggered, and the trigger variables merge in (ReceiveTaskTest.testWaitStateBehavior)', async () => {
    // given
    const model = c7('wait-state', `<bpmn:startEvent id="theStart" /><bpmn:receiveTask id="waitState" name="Wait State" /><bpmn:endEvent id="theEnd" />
      ${flows('theStart>waitState', 'waitState>theEnd')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilActive(id, ['waitState']);

    // when
    const response = await trigger(id, 'waitState', { variables: { paid: true } });

    // then
    expect(response.status).toBe(200);
    await s.until(id, 'completed');
    expect((await s.instance(id)).variables).toEqual({ paid: true });
  });

  it('triggers one waiting instance at a time in a parallel fork (ReceiveTaskTest.parallelGatewayReceiveTask)', async () => {
    // given
    const model = c7('wait-parallel', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:receiveTask id="waitA" /><bpmn:receiveTask id="waitB" /><bpmn:parallelGateway id="join" /><bpmn:endEvent id="end" />
      ${flows('start>fork', 'fork>waitA', 'fork>waitB', 'waitA>join', 'waitB>join', 'join>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilActive(id, ['waitA', 'waitB']);

    // when
    expect((await trigger(id, 'waitB')).status).toBe(200);

    // then
    await s.untilActive(id, ['waitA', 'join']);
    expect((await trigger(id, 'waitA')).status).toBe(200);
    await s.until(id, 'completed');
  });

  it('answers 409 when nothing waits at the element, 404 for an unknown instance, 400 for a malformed element id, and changes nothing', async () => {
    // given
    const model = c7('wait-errors', `<bpmn:startEvent id="start" /><bpmn:receiveTask id="waitState" /><bpmn:endEvent id="end" />
      ${flows('start>waitState', 'waitState>end')}`);
    await s.deploy(model);
    const id = await s.start(model.key);
    await s.untilActive(id, ['waitState']);

    // when
    const nothingWaits = await trigger(id, 'end');
    const unknownInstance = await trigger('00000000-0000-4000-8000-000000000000', 'waitState');
    const malformed = await trigger(id, 'wait%20State');
    const badVariables = await trigger(id, 'waitState', { variables: 'paid' });

    // then
    expect(nothingWaits.status).toBe(409);
    expect(nothingWaits.body).toMatchObject({ statusCode: 409, code: 'ELEMENT_NOT_WAITING', details: { instanceId: id, elementId: 'end' } });
    expect(unknownInstance.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(badVariables.status).toBe(400);
    expect((await s.instance(id)).activeElementIds).toEqual(['waitState']);
  });

  it('sequence flows without an id deploy and route (ExclusiveGatewayTest.testNoIdOnSequenceFlow)', async () => {
    // given
    const model = c7('no-flow-ids', `<bpmn:startEvent id="theStart" /><bpmn:exclusiveGateway id="gw" />
      <bpmn:receiveTask id="small" /><bpmn:receiveTask id="big" />
      <bpmn:sequenceFlow sourceRef="theStart" targetRef="gw" />
      <bpmn:sequenceFlow sourceRef="gw" targetRef="small"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${input &lt; 10}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow sourceRef="gw" targetRef="big"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${input &gt;= 10}</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    await s.deploy(model);

    // when
    const small = await s.start(model.key, { input: 3 });
    const big = await s.start(model.key, { input: 30 });

    // then
    await s.untilActive(small, ['small']);
    await s.untilActive(big, ['big']);
  });

  it('an errorRef naming no <error> is the error code: the boundary event catches the end event that throws it (BoundaryErrorEventTest)', async () => {
    // given
    const model = c7('error-ref-code', `<bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /><bpmn:endEvent id="throwError"><bpmn:errorEventDefinition errorRef="myError" /></bpmn:endEvent>${flows('subStart>throwError')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="catchError" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="myError" /></bpmn:boundaryEvent>
      <bpmn:receiveTask id="escalated" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="toSub" sourceRef="start" targetRef="sub" /><bpmn:sequenceFlow id="toEnd" sourceRef="sub" targetRef="end" />
      <bpmn:sequenceFlow id="caught" sourceRef="catchError" targetRef="escalated" />`);
    await s.deploy(model);

    // when
    const id = await s.start(model.key);

    // then
    await s.untilActive(id, ['escalated']);
  });

  it('deploys a model whose diagram draws a removed element, with a warning in the deploy response', async () => {
    // given
    const model = c7('di-warning', `<bpmn:startEvent id="start" /><bpmn:endEvent id="end" />${flows('start>end')}`);
    const xml = model.xml.replace('</bpmn:definitions>', `<bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="${model.key}">
      <bpmndi:BPMNShape id="ghost_di" bpmnElement="ghost"><dc:Bounds x="1" y="1" width="10" height="10" /></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>`);

    // when
    const response = await s.deployRaw(xml);

    // then
    expect(response.status).toBe(201);
    expect(response.body.processes).toEqual([expect.objectContaining({ key: model.key })]);
    expect(response.body.warnings).toEqual(['model.bpmn: bpmndi:BPMNShape "ghost_di": the diagram draws "ghost", which is not an element of the model; the drawing is ignored']);
  });
});
