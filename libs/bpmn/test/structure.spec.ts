import { compileBpmn } from '@tongban/bpmn';
import { fixture, processXml } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: structural rules', () => {
  it('compiles an event-based gateway waiting for a message or a timer, and an inclusive gateway', async () => {
    // when
    const model = (await compileBpmn(fixture('event-based-gateway.bpmn'))).processes[0];

    // then
    expect(model.elements.waitSupplement).toMatchObject({ type: 'eventBasedGateway', outgoing: ['f1', 'f2'] });
    expect(model.elements.expired.event?.timer).toEqual({ type: 'duration', expression: 'P15D' });
    expect(model.elements.which).toMatchObject({ type: 'inclusiveGateway', incoming: ['f3', 'f4'], defaultFlow: 'always' });
  });

  it('refuses models the engine could not run, naming each element', async () => {
    // when
    const problems = await problemsOf(fixture('invalid-structure.bpmn'));

    // then
    expect(codesOf(problems)).toEqual([
      'BPMN_INVALID_MODEL unnamedMessage',
      'BPMN_INVALID_MODEL unnamedSignal',
      'BPMN_INVALID_MODEL codelessError',
      'BPMN_INVALID_MODEL bareBoundary',
      'BPMN_INVALID_MODEL crossing',
      'BPMN_INVALID_MODEL softError',
      'BPMN_INVALID_MODEL reachesIn',
      'BPMN_INVALID_MODEL lonelyUndo',
      'BPMN_INVALID_MODEL p',
      'BPMN_INVALID_MODEL onNothing',
      'BPMN_INVALID_MODEL race',
      'BPMN_INVALID_MODEL conditionalDefault',
      'BPMN_INVALID_MODEL jumpNowhere',
      'BPMN_INVALID_MODEL xor',
      'BPMN_INVALID_MODEL end',
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('needs a message with a name'),
      expect.stringContaining('needs a signal with a name'),
      expect.stringContaining('needs an error with an errorCode'),
      expect.stringContaining('needs an event definition'),
      expect.stringContaining('different scopes'),
      expect.stringContaining('always interrupts'),
      expect.stringContaining('another scope'),
      expect.stringContaining('association to its handler'),
      expect.stringContaining('2 none start events'),
      expect.stringContaining('exactly one start event with an event definition'),
      expect.stringContaining('"notAnEvent"'),
      expect.stringContaining('default flow "guarded" has a condition'),
      expect.stringContaining('link "missing"'),
      expect.stringContaining('default flow "fromStart"'),
      expect.stringContaining('outgoing'),
    ]);
  });

  it('refuses flow nodes and executable processes without an id', async () => {
    // given
    const withoutIds = processXml('<bpmn:startEvent id="start" /><bpmn:userTask /><bpmn:endEvent id="end" /><bpmn:sequenceFlow id="f" sourceRef="start" targetRef="end" />');
    const processWithoutId = processXml('<bpmn:startEvent id="start" />').replace('<bpmn:process id="p" ', '<bpmn:process ');

    // when
    const nodeProblems = await problemsOf(withoutIds);
    const processProblems = await problemsOf(processWithoutId);

    // then
    expect(nodeProblems.map((problem) => `${problem.code} ${problem.elementType}`)).toEqual(['BPMN_INVALID_MODEL bpmn:UserTask']);
    expect(processProblems.map((problem) => `${problem.code} ${problem.elementType}`)).toEqual(['BPMN_INVALID_MODEL bpmn:Process']);
  });

  it('names sequence flows without an id after their ends, as Camunda 7 accepts them, the same way every time', async () => {
    // given
    const xml = processXml(`<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:endEvent id="end" /><bpmn:endEvent id="flow_fork_end" />
      <bpmn:sequenceFlow sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow sourceRef="fork" targetRef="end" /><bpmn:sequenceFlow sourceRef="fork" targetRef="end" />
      <bpmn:sequenceFlow id="named" sourceRef="fork" targetRef="flow_fork_end" />`);

    // when
    const first = (await compileBpmn(xml)).processes[0];
    const again = (await compileBpmn(xml)).processes[0];

    // then
    expect(Object.keys(first.flows).sort()).toEqual(['flow_fork_end_2', 'flow_fork_end_3', 'flow_start_fork', 'named']);
    expect(first.elements.fork.outgoing).toEqual(['flow_fork_end_2', 'flow_fork_end_3', 'named']);
    expect(again.flows).toEqual(first.flows);
  });
});
