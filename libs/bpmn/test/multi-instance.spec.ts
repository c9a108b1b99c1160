import { compileBpmn } from '@tongban/bpmn';
import { fixture } from './bpmn-xml.fixture';

describe('compileBpmn: multi-instance (countersign)', () => {
  it('compiles zeebe loop characteristics with a completion condition, and a sequential cardinality', async () => {
    // when
    const model = (await compileBpmn(fixture('multi-instance.bpmn'))).processes[0];

    // then
    expect(model.elements.countersign.multiInstance).toEqual({
      sequential: false,
      inputCollection: 'reviewers',
      inputElement: 'reviewer',
      outputCollection: 'opinions',
      outputElement: 'opinion',
      completionCondition: 'some o in opinions satisfies o = "reject"',
    });
    expect(model.elements.threeRounds.multiInstance).toEqual({ sequential: true, loopCardinality: '3' });
  });

  it('compiles Camunda 7 collection and element variable', async () => {
    // when
    const model = (await compileBpmn(fixture('multi-instance-camunda.bpmn'))).processes[0];

    // then
    expect(model.elements.countersign.multiInstance).toEqual({
      sequential: false,
      inputCollection: 'reviewers',
      inputElement: 'reviewer',
      completionCondition: 'nrOfCompletedInstances >= 1',
    });
    expect(model.elements.countersign.assignee).toBe('=reviewer');
  });
});
