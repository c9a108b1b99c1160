import { fixture, processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: elements an executable process may not use', () => {
  it('refuses each unsupported element by id and BPMN type', async () => {
    // when
    const problems = await problemsOf(fixture('unsupported-elements.bpmn'));

    // then
    expect(codesOf(problems)).toEqual([
      'BPMN_UNSUPPORTED_ELEMENT complex',
      'BPMN_UNSUPPORTED_ELEMENT tx',
      'BPMN_UNSUPPORTED_ELEMENT adHoc',
      'BPMN_UNSUPPORTED_ELEMENT cancelEnd',
      'BPMN_UNSUPPORTED_ELEMENT twoTriggers',
      'BPMN_UNSUPPORTED_ELEMENT javascript',
      'BPMN_UNSUPPORTED_ELEMENT onGateway',
      'BPMN_UNSUPPORTED_ELEMENT looping',
      'BPMN_UNSUPPORTED_ELEMENT errorCatch',
    ]);
    expect(problems.map((problem) => problem.elementType)).toEqual([
      'bpmn:ComplexGateway',
      'bpmn:Transaction',
      'bpmn:AdHocSubProcess',
      'bpmn:EndEvent',
      'bpmn:IntermediateCatchEvent',
      'bpmn:ScriptTask',
      'bpmn:BoundaryEvent',
      'bpmn:Task',
      'bpmn:IntermediateCatchEvent',
    ]);
  });

  it('refuses execution and task listeners (zeebe and camunda) on nodes, flows and the process instead of ignoring them', async () => {
    // given
    const zeebe = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="audited"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="watched"><bpmn:extensionElements><zeebe:userTask /><zeebe:taskListeners><zeebe:taskListener eventType="completing" type="audit" /></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="audited" /><bpmn:sequenceFlow id="f2" sourceRef="audited" targetRef="watched" /><bpmn:sequenceFlow id="f3" sourceRef="watched" targetRef="end" />`);
    const camunda = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="delegated"><bpmn:extensionElements><camunda:taskListener class="org.example.Notify" event="create" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="taken" sourceRef="start" targetRef="delegated"><bpmn:extensionElements><camunda:executionListener expression="\${audit.log()}" event="take" /></bpmn:extensionElements></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f2" sourceRef="delegated" targetRef="end" />`, { dialect: 'camunda' });

    // when
    const zeebeProblems = await problemsOf(zeebe);
    const camundaProblems = await problemsOf(camunda);

    // then
    expect(codesOf(zeebeProblems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT audited', 'BPMN_UNSUPPORTED_ELEMENT watched']);
    expect(codesOf(camundaProblems).sort()).toEqual(['BPMN_UNSUPPORTED_ELEMENT delegated', 'BPMN_UNSUPPORTED_ELEMENT taken']);
    expect(zeebeProblems[0].message).toMatch(/execution listeners/);
  });

  it('refuses Camunda 7 connectors and Java variable mappings on call activities', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="httpCall"><bpmn:extensionElements><camunda:connector><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:callActivity id="mapped" calledElement="child" camunda:variableMappingClass="org.example.Mapping" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="httpCall" /><bpmn:sequenceFlow id="f2" sourceRef="httpCall" targetRef="mapped" /><bpmn:sequenceFlow id="f3" sourceRef="mapped" targetRef="end" />`, { dialect: 'camunda' });

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT httpCall', 'BPMN_UNSUPPORTED_ELEMENT mapped']);
  });
});
