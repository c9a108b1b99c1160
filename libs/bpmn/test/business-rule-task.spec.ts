import { compileBpmn } from '@tongban/bpmn';
import { problemsOf } from './bpmn-refusal.fixture';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';

function definitions(tasks: string, dialect: 'camunda' | 'zeebe'): string {
  const ns = dialect === 'camunda' ? NS.replace(/ xmlns:zeebe="[^"]*"/, '') : NS.replace(/ xmlns:camunda="[^"]*"/, '');
  const ids = [...tasks.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
  const flows = ids.map((id, i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${i === 0 ? 'start' : ids[i - 1]}" targetRef="${id}" />`).join('');
  return `<bpmn:definitions ${ns} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${tasks}${flows}`
    + `<bpmn:sequenceFlow id="fEnd" sourceRef="${ids[ids.length - 1]}" targetRef="end" /><bpmn:endEvent id="end" /></bpmn:process></bpmn:definitions>`;
}

describe('business rule tasks calling DMN decisions', () => {
  it('compiles Camunda 8 zeebe:calledDecision and Camunda 7 decisionRef with its result mapping', async () => {
    // given
    const c8 = definitions('<bpmn:businessRuleTask id="a"><bpmn:extensionElements><zeebe:calledDecision decisionId="risk" resultVariable="risk" /></bpmn:extensionElements></bpmn:businessRuleTask>', 'zeebe');
    const c7 = definitions('<bpmn:businessRuleTask id="a" camunda:decisionRef="risk" camunda:resultVariable="r" camunda:mapDecisionResult="singleEntry" /><bpmn:businessRuleTask id="b" camunda:decisionRef="risk" />', 'camunda');
    // when
    const zeebe = (await compileBpmn(c8)).processes[0];
    const camunda = (await compileBpmn(c7)).processes[0];
    // then
    expect(zeebe.elements.a.calledDecision).toEqual({ decisionId: 'risk', resultVariable: 'risk', dialect: 'zeebe' });
    expect(camunda.elements.a.calledDecision).toEqual({ decisionId: 'risk', resultVariable: 'r', mapResult: 'singleEntry', dialect: 'camunda' });
    expect(camunda.elements.b.calledDecision).toEqual({ decisionId: 'risk', mapResult: 'resultList', dialect: 'camunda' });
  });

  it('refuses bindings other than latest, decision ids given as expressions unknown result mappings, and a decision together with a job, naming the task', async () => {
    // given
    const c7 = definitions([
      '<bpmn:businessRuleTask id="pinned" camunda:decisionRef="risk" camunda:decisionRefBinding="version" camunda:decisionRefVersion="2" />',
      '<bpmn:businessRuleTask id="computed" camunda:decisionRef="${riskTable}" />',
      '<bpmn:businessRuleTask id="mapped" camunda:decisionRef="risk" camunda:mapDecisionResult="firstEntry" />',
    ].join(''), 'camunda');
    const c8 = definitions('<bpmn:businessRuleTask id="dynamic"><bpmn:extensionElements><zeebe:calledDecision decisionId="= table" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>'
      + '<bpmn:businessRuleTask id="both"><bpmn:extensionElements><zeebe:calledDecision decisionId="risk" resultVariable="r" /><zeebe:taskDefinition type="rules" /></bpmn:extensionElements></bpmn:businessRuleTask>', 'zeebe');
    // when
    const camunda = await problemsOf(c7);
    const zeebe = await problemsOf(c8);
    // then
    expect(camunda.map((p) => [p.code, p.elementId, p.message])).toEqual([
      ['BPMN_UNSUPPORTED_ELEMENT', 'pinned', expect.stringMatching(/camunda:decisionRefBinding="version" is not supported/)],
      ['BPMN_UNSUPPORTED_ELEMENT', 'computed', expect.stringMatching(/camunda:decisionRef="\$\{riskTable\}" \(an expression\)/)],
      ['BPMN_UNSUPPORTED_ELEMENT', 'mapped', expect.stringMatching(/camunda:mapDecisionResult="firstEntry" is not supported/)],
    ]);
    expect(zeebe.map((p) => [p.code, p.elementId])).toEqual([['BPMN_UNSUPPORTED_ELEMENT', 'dynamic'], ['BPMN_UNSUPPORTED_ELEMENT', 'both']]);
  });
});
