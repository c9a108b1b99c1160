import { compileBpmn } from '@tongban/bpmn';
import { processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: valid BPMN as Camunda 7 reads it', () => {
  it('reads an errorRef naming no <error> as the error code, for the thrower and the catcher', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" /><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="myError" /></bpmn:endEvent>
        <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="fail" /></bpmn:subProcess>
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="myError" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="end" /><bpmn:endEvent id="handled" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" /><bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end" /><bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="handled" />`);

    // when
    const compiled = await compileBpmn(xml);

    // then
    const { elements } = compiled.processes[0];
    expect(elements.fail.event).toMatchObject({ kind: 'error', code: 'myError' });
    expect(elements.caught.event).toMatchObject({ kind: 'error', code: 'myError' });
    expect(compiled.notes).toContain('bpmn:ErrorEventDefinition: errorRef "myError" names no <error>; "myError" is the error code');
  });

  it('warns about diagram interchange drawing an element the model does not have, and compiles', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" /><bpmn:endEvent id="end" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />`)
      .replace('<bpmn:definitions ', '<bpmn:definitions xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ')
      .replace('</bpmn:definitions>', `<bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="plane" bpmnElement="p">
        <bpmndi:BPMNShape id="gone_di" bpmnElement="removedTask"><dc:Bounds x="1" y="1" width="10" height="10" /></bpmndi:BPMNShape>
      </bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>`);

    // when
    const compiled = await compileBpmn(xml);

    // then
    expect(compiled.processes.map((process) => process.id)).toEqual(['p']);
    expect(compiled.warnings).toEqual(['bpmndi:BPMNShape "gone_di": the diagram draws "removedTask", which is not an element of the model; the drawing is ignored']);
  });

  it('reads blanks around = in attributes and blanks around ids and references as XML and XML Schema do', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id = "start" /><bpmn:userTask id="task1 " /><bpmn:endEvent id='end' />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef=" task1" /><bpmn:sequenceFlow id="f2 " sourceRef="task1" targetRef = 'end' />
      <bpmn:sequenceFlow id="f3" sourceRef="task1" targetRef="end"><bpmn:conditionExpression>= label = " padded "</bpmn:conditionExpression></bpmn:sequenceFlow>`);

    // when
    const { elements, flows } = (await compileBpmn(xml)).processes[0];

    // then
    expect(Object.keys(elements).sort()).toEqual(['end', 'start', 'task1']);
    expect(elements.task1).toMatchObject({ incoming: ['f1'], outgoing: ['f2', 'f3'] });
    expect(flows.f3.condition).toBe('label = " padded "');
  });

  it('refuses Camunda 7 behaviour Tongban does not have instead of running the model without it', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="mail" camunda:type="mail" />
      <bpmn:sendTask id="injected" camunda:type="external" camunda:topic="t"><bpmn:extensionElements><camunda:field name="to" stringValue="x" /></bpmn:extensionElements></bpmn:sendTask>
      <bpmn:userTask id="task" />
      <bpmn:boundaryEvent id="esc" attachedToRef="task"><bpmn:escalationEventDefinition camunda:escalationCodeVariable="code" /></bpmn:boundaryEvent>
      <bpmn:intermediateCatchEvent id="cond"><bpmn:conditionalEventDefinition camunda:variableName="x"><bpmn:condition>\${x > 1}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>
      <bpmn:endEvent id="escEnd" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="mail" /><bpmn:sequenceFlow id="f2" sourceRef="mail" targetRef="injected" />
      <bpmn:sequenceFlow id="f3" sourceRef="injected" targetRef="task" /><bpmn:sequenceFlow id="f4" sourceRef="task" targetRef="cond" />
      <bpmn:sequenceFlow id="f5" sourceRef="cond" targetRef="fail" /><bpmn:sequenceFlow id="f6" sourceRef="esc" targetRef="escEnd" />`,
      { dialect: 'camunda', roots: '<bpmn:error id="err" errorCode="E1" camunda:errorMessage="went wrong" />' },
    );

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT mail', 'BPMN_UNSUPPORTED_ELEMENT injected', 'BPMN_UNSUPPORTED_ELEMENT esc', 'BPMN_UNSUPPORTED_ELEMENT cond', 'BPMN_UNSUPPORTED_ELEMENT fail']);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('camunda:type="mail"'),
      expect.stringContaining('camunda:field'),
      expect.stringContaining('camunda:escalationCodeVariable'),
      expect.stringContaining('camunda:variableName'),
      expect.stringContaining('camunda:errorMessage of error "err"'),
    ]);
  });
});
