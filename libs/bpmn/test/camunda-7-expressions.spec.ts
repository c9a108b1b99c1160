import { readFileSync } from 'fs';
import * as path from 'path';
import { compileBpmn } from '@tongban/bpmn';
import { processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** A start, an exclusive gateway with two conditional flows and a default, and three ends. */
function gatewayXml(condition: string, options: { typed?: boolean; language?: string } = {}): string {
  const type = options.typed === false ? '' : ` ${XSI} xsi:type="bpmn:tFormalExpression"`;
  const language = options.language ? ` language="${options.language}"` : '';
  return processXml(
    `<bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="xor" default="other" />
    <bpmn:endEvent id="one" /><bpmn:endEvent id="two" /><bpmn:endEvent id="rest" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="xor" />
    <bpmn:sequenceFlow id="flow_3" sourceRef="xor" targetRef="one"><bpmn:conditionExpression${type}${language}>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="flow_4" sourceRef="xor" targetRef="two"><bpmn:conditionExpression${type}>\${input eq 2}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="other" sourceRef="xor" targetRef="rest" />`,
    { dialect: 'camunda' },
  );
}

describe('compileBpmn: Camunda 7 expressions', () => {
  it.each([
    ['typed', { typed: true }],
    ['untyped', { typed: false }],
    ['language juel', { language: 'juel' }],
  ])('translates a JUEL sequence-flow condition (%s) into FEEL', async (_, options) => {
    // when
    const model = (await compileBpmn(gatewayXml('${input == 1}', options))).processes[0];

    // then
    expect(model.flows.flow_3.condition).toBe('(if input instance of string then number(input) else input) = 1');
    expect(model.flows.flow_4.condition).toBe('(if input instance of string then number(input) else input) = 2');
  });

  it('refuses a method call, naming the flow, the expression and the call', async () => {
    // when
    const problems = await problemsOf(gatewayXml('${order.isValid()}'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT flow_3']);
    expect(problems[0].message).toBe(
      'bpmn:SequenceFlow "flow_3": condition: the Camunda 7 expression "${order.isValid()}" calls a method (order.isValid), which Tongban does not run',
    );
  });

  it.each([
    ['= input == 1', '"input == 1"'],
    ['= input &gt; &gt; 1', '"input > > 1"'],
    ['= approved and amount == 3', '"amount == 3"'],
  ])('refuses the FEEL condition %s, which parses only as an accidental unary test', async (condition, comparison) => {
    // when
    const problems = await problemsOf(gatewayXml(condition));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_INVALID_EXPRESSION flow_3']);
    expect(problems[0].message).toContain(`${comparison} (position`);
    expect(problems[0].message).toContain('compares with a unary test');
  });

  it('reads text starting with = as FEEL even when a FEEL string holds ${', async () => {
    // when
    const model = (await compileBpmn(gatewayXml('= label = "cost: ${fee}"'))).processes[0];

    // then
    expect(model.flows.flow_3.condition).toBe('label = "cost: ${fee}"');
  });

  it('keeps valid FEEL conditions, also the unary-test forms FEEL means (x in [1, 2])', async () => {
    // when
    const model = (await compileBpmn(gatewayXml('= input in [1, 3]'))).processes[0];

    // then
    expect(model.flows.flow_3.condition).toBe('input in [1, 3]');
  });

  it('compiles multi-instance counters, composite assignees, groups and names to FEEL evaluated at creation', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
      <bpmn:userTask id="vote" name="Review \${order.no}" camunda:assignee="clerk_\${region}" camunda:candidateGroups="\${dept}">
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="voters" camunda:elementVariable="voter">
          <bpmn:completionCondition ${XSI} xsi:type="bpmn:tFormalExpression">\${nrOfCompletedInstances/nrOfInstances &gt;= 0.6}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="vote" /><bpmn:sequenceFlow id="f2" sourceRef="vote" targetRef="end" />`,
      { dialect: 'camunda' },
    );

    // when
    const vote = (await compileBpmn(xml)).processes[0].elements.vote;

    // then
    expect(vote.multiInstance).toMatchObject({ inputCollection: 'voters', inputElement: 'voter', completionCondition: '(nrOfCompletedInstances / nrOfInstances) >= 0.6' });
    expect(vote.assignee).toBe('="clerk_" + (if (region) = null then "" else string(region))');
    expect(vote.candidateGroups).toEqual(['=dept']);
    expect(vote.name).toBe('Review ${order.no}');
    expect(vote.nameExpression).toBe('="Review " + (if (order.no) = null then "" else string(order.no))');
  });

  it('runs camunda:expression on a service task as a FEEL script with its result variable, and refuses a bean call', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="double" camunda:expression="\${amount * 2}" camunda:resultVariable="doubled" />
      <bpmn:serviceTask id="bean" camunda:expression="\${calculator.double(amount)}" />
      <bpmn:serviceTask id="javaClass" camunda:class="org.example.Delegate" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="double" /><bpmn:sequenceFlow id="f2" sourceRef="double" targetRef="bean" />
      <bpmn:sequenceFlow id="f3" sourceRef="bean" targetRef="javaClass" /><bpmn:sequenceFlow id="f4" sourceRef="javaClass" targetRef="end" />`,
      { dialect: 'camunda' },
    );

    // when
    const problems = await problemsOf(xml);

    // then
    expect(codesOf(problems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT bean', 'BPMN_UNSUPPORTED_ELEMENT javaClass']);
    expect(problems[0].message).toContain('calls a method (calculator.double)');
    expect(problems[1].message).toContain('camunda:class="org.example.Delegate" (a Java delegate) cannot run');
  });

  it('runs scriptFormat="juel" scripts as FEEL: an expression translated, plain text as its own value, a method call refused', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
      <bpmn:scriptTask id="init" scriptFormat="juel" camunda:resultVariable="i"><bpmn:script>0</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="increment" scriptFormat="juel" camunda:resultVariable="i"><bpmn:script>\${i+1}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="engineId" scriptFormat="juel" camunda:resultVariable="id"><bpmn:script>#{execution.id}</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="init" /><bpmn:sequenceFlow id="f2" sourceRef="init" targetRef="increment" />
      <bpmn:sequenceFlow id="f3" sourceRef="increment" targetRef="engineId" /><bpmn:sequenceFlow id="f4" sourceRef="engineId" targetRef="end" />`,
      { dialect: 'camunda' },
    );

    // when
    const problems = await problemsOf(xml);
    const compiled = await compileBpmn(xml.replace(/<bpmn:scriptTask id="engineId"[\s\S]*?<\/bpmn:scriptTask>/, '<bpmn:task id="engineId" />'));

    // then
    expect(codesOf(problems)).toEqual(['BPMN_UNSUPPORTED_ELEMENT engineId']);
    expect(compiled.processes[0].elements.init.script).toEqual({ expression: '"0"', resultVariable: 'i' });
    expect(compiled.processes[0].elements.increment.script).toEqual({ expression: '(if i = null then 0 else if i instance of string then number(i) else i) + 1', resultVariable: 'i' });
  });

  it('compiles camunda:expression="${true}" to a script task', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="noop" camunda:expression="\${true}" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="noop" /><bpmn:sequenceFlow id="f2" sourceRef="noop" targetRef="end" />`,
      { dialect: 'camunda' },
    );

    // when
    const noop = (await compileBpmn(xml)).processes[0].elements.noop;

    // then
    expect(noop).toMatchObject({ type: 'scriptTask', script: { expression: 'true' } });
    expect(noop.jobType).toBeUndefined();
  });

  it('translates timers, called elements, io mappings and camunda:in source expressions', async () => {
    // given
    const xml = processXml(
      `<bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P\${days}D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:callActivity id="call" calledElement="\${childKey}">
        <bpmn:extensionElements>
          <camunda:in sourceExpression="\${empty note ? 'none' : note}" target="remark" />
          <camunda:inputOutput><camunda:inputParameter name="half">\${fee div 2}</camunda:inputParameter></camunda:inputOutput>
        </bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="call" /><bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="end" />`,
      { dialect: 'camunda' },
    );

    // when
    const { elements } = (await compileBpmn(xml)).processes[0];

    // then
    expect(elements.wait.event?.timer).toEqual({ type: 'duration', expression: '="P" + (if (days) = null then "" else string(days)) + "D"' });
    expect(elements.call.calledElement?.processId).toBe('=childKey');
    expect(elements.call.inputs).toEqual(
      expect.arrayContaining([
        { target: 'half', source: '(if fee = null then 0 else if fee instance of string then number(fee) else fee) / 2' },
        expect.objectContaining({ target: 'remark', source: expect.stringMatching(/^if \(note = null or .*then "none" else note$/) }),
      ]),
    );
  });
});

describe('compileBpmn: the shipped Camunda 7 example', () => {
  it('compiles workflows/processes/camunda7-countersign.bpmn with every JUEL expression in FEEL', async () => {
    // given
    const xml = readFileSync(path.resolve(__dirname, '../../../workflows/processes/camunda7-countersign.bpmn'), 'utf8');

    // when
    const { elements, flows } = (await compileBpmn(xml)).processes[0];

    // then
    expect(elements.vote.multiInstance?.completionCondition).toBe('(nrOfCompletedInstances / nrOfInstances) >= 0.6');
    expect(flows['approved-flow'].condition).toBe('(approved = true) = true and not((voters = null or (voters instance of string and string length(voters) = 0) or (voters instance of list and count(voters) = 0) or (voters instance of context and count(get entries(voters)) = 0)))');
    expect(elements['fee-total']).toMatchObject({ type: 'scriptTask', script: { expression: '(if fee = null then 0 else if fee instance of string then number(fee) else fee) * 1.1', resultVariable: 'feeTotal' } });
    expect(elements['await-fee'].event).toBeUndefined();
  });
});
