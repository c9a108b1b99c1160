import { compileBpmn } from '@tongban/bpmn';
import { processXml } from './bpmn-xml.fixture';

describe('compileBpmn: basic elements', () => {
  it('compiles start, user task and end into the process scope with flows', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="review" name="Review" tongban:department="civil-affairs" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
      <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />`);

    // when
    const { processes } = await compileBpmn(xml);

    // then
    const [model] = processes;
    expect(model.id).toBe('p');
    expect(model.elements.start).toEqual({ id: 'start', type: 'startEvent', scope: 'p', incoming: [], outgoing: ['f1'], event: { kind: 'none' } });
    expect(model.elements.review).toMatchObject({ type: 'userTask', name: 'Review', scope: 'p', incoming: ['f1'], outgoing: ['f2'], department: 'civil-affairs' });
    expect(model.elements.end).toMatchObject({ type: 'endEvent', incoming: ['f2'], outgoing: [], event: { kind: 'none' } });
    expect(model.flows.f1).toEqual({ id: 'f1', source: 'start', target: 'review' });
    expect(model.scopes.p).toEqual({ id: 'p', children: ['start', 'review', 'end'], noneStart: 'start', eventStarts: [], eventSubprocesses: [] });
  });

  it('compiles a parallel split and join', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:parallelGateway id="split" />
      <bpmn:userTask id="a" />
      <bpmn:userTask id="b" />
      <bpmn:parallelGateway id="join" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="split" />
      <bpmn:sequenceFlow id="fa" sourceRef="split" targetRef="a" />
      <bpmn:sequenceFlow id="fb" sourceRef="split" targetRef="b" />
      <bpmn:sequenceFlow id="fa2" sourceRef="a" targetRef="join" />
      <bpmn:sequenceFlow id="fb2" sourceRef="b" targetRef="join" />
      <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="end" />`);

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.split).toMatchObject({ type: 'parallelGateway', incoming: ['f0'], outgoing: ['fa', 'fb'] });
    expect(model.elements.join).toMatchObject({ type: 'parallelGateway', incoming: ['fa2', 'fb2'], outgoing: ['f9'] });
  });

  it('compiles an exclusive gateway with Camunda 8 and Camunda 7 conditions and a default flow', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:exclusiveGateway id="xor" default="fDefault" />
      <bpmn:endEvent id="big" />
      <bpmn:endEvent id="small" />
      <bpmn:endEvent id="other" />
      <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="xor" />
      <bpmn:sequenceFlow id="fBig" sourceRef="xor" targetRef="big">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">= amount &gt; 1000</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="fSmall" sourceRef="xor" targetRef="small">
        <bpmn:conditionExpression xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">\${amount &lt;= 10}</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="fDefault" sourceRef="xor" targetRef="other" />`);

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.xor).toMatchObject({ type: 'exclusiveGateway', defaultFlow: 'fDefault', outgoing: ['fBig', 'fSmall', 'fDefault'] });
    expect(model.flows.fBig.condition).toBe('amount > 1000');
    expect(model.flows.fSmall.condition).toBe('amount <= 10');
    expect(model.flows.fDefault.condition).toBeUndefined();
  });

  it('takes the department from camunda:candidateGroups and keeps all groups', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
       <bpmn:userTask id="approve" camunda:candidateGroups="market-supervision, tax" camunda:assignee="li" />`,
      { dialect: 'camunda' },
    );

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.approve).toMatchObject({ department: 'market-supervision', candidateGroups: ['market-supervision', 'tax'], assignee: 'li' });
  });

  it('takes the department from zeebe:assignmentDefinition candidate groups', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="approve">
        <bpmn:extensionElements><zeebe:assignmentDefinition assignee="wang" candidateGroups="housing,police" /></bpmn:extensionElements>
      </bpmn:userTask>`);

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.approve).toMatchObject({ department: 'housing', candidateGroups: ['housing', 'police'], assignee: 'wang' });
  });

  it('prefers tongban:department over candidate groups', async () => {
    // given
    const xml = processXml(`
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="approve" tongban:department="social-security">
        <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="housing" /></bpmn:extensionElements>
      </bpmn:userTask>`);

    // when
    const model = (await compileBpmn(xml)).processes[0];

    // then
    expect(model.elements.approve).toMatchObject({ department: 'social-security', candidateGroups: ['housing'] });
  });
});
