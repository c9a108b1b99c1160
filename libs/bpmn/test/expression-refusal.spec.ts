import { fixture } from './bpmn-xml.fixture';
import { codesOf, problemsOf } from './bpmn-refusal.fixture';

describe('compileBpmn: unparsable FEEL', () => {
  it('lists every invalid expression of a document, each naming its element', async () => {
    // when
    const problems = await problemsOf(fixture('invalid-expressions.bpmn'));

    // then
    expect(codesOf(problems)).toEqual(
      expect.arrayContaining([
        'BPMN_INVALID_EXPRESSION badCondition',
        'BPMN_INVALID_EXPRESSION badScript',
        'BPMN_INVALID_EXPRESSION badMapping',
        'BPMN_INVALID_EXPRESSION badCorrelation',
        'BPMN_INVALID_EXPRESSION badCountersign',
        'BPMN_INVALID_EXPRESSION badTimer',
      ]),
    );
    expect(problems.filter((problem) => problem.elementId === 'badCountersign')).toHaveLength(2);
    expect(problems.every((problem) => problem.code === 'BPMN_INVALID_EXPRESSION')).toBe(true);
  });
});
