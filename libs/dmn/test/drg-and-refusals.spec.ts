import { DMN_LIMITS, DmnRefusal, evaluateDecision, parseDmn } from '../src';
import { dmnXml, plainFeel, type TableSpec } from './dmn-table.fixture';

async function refusal(xml: string): Promise<DmnRefusal> {
  try {
    await parseDmn(xml);
  } catch (error) {
    if (error instanceof DmnRefusal) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

const category: TableSpec = { id: 'category', inputs: ['income'], outputs: ['category'], rules: [['< 1000', '"LOW"'], ['>= 1000', '"HIGH"']] };
const eligibility: TableSpec = {
  id: 'eligibility', requires: ['category'], inputs: ['category', 'age'], outputs: ['eligible'],
  rules: [['"HIGH"', '>= 18', 'true'], ['-', '-', 'false']], hitPolicy: 'FIRST',
};

describe('decision requirements graphs', () => {
  it('evaluates required decisions first and shows their results to the dependent decision', async () => {
    // given eligibility requiring category
    const set = await parseDmn(dmnXml([eligibility, category]));
    // when
    const outcome = evaluateDecision(set, 'eligibility', { income: 5000, age: 30 }, plainFeel);
    // then
    expect(outcome.required.map((d) => d.decisionId)).toEqual(['category']);
    expect(outcome.required[0].value).toBe('HIGH');
    expect(outcome.inputs).toEqual({ category: 'HIGH', age: 30 });
    expect(outcome.value).toBe(true);
  });

  it('evaluates a literal expression decision', async () => {
    // given a literal expression requiring a table
    const xml = dmnXml([category]).replace('</definitions>',
      '<decision id="label" name="Label"><informationRequirement id="ir"><requiredDecision href="#category"/></informationRequirement>'
      + '<variable id="v" name="label"/><literalExpression id="le"><text>"income " + category</text></literalExpression></decision></definitions>');
    const set = await parseDmn(xml);
    // when
    const outcome = evaluateDecision(set, 'label', { income: 10 }, plainFeel);
    // then
    expect(outcome.value).toBe('income LOW');
    expect(outcome.resultList).toEqual([{ label: 'income LOW' }]);
  });

  it('reads DMN 1.1 and 1.2 documents as Camunda Modeler writes them', async () => {
    // given
    for (const namespace of ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'http://www.omg.org/spec/DMN/20180521/MODEL/']) {
      // when
      const set = await parseDmn(dmnXml([category], namespace));
      // then
      expect(evaluateDecision(set, 'category', { income: 1 }, plainFeel).value).toBe('LOW');
    }
  });
});

describe('DMN refusals at deploy', () => {
  it('names the cell whose FEEL does not parse', async () => {
    // given an input entry and an output entry that are not FEEL
    const broken = { ...category, rules: [['>= >', '"LOW"'], ['>= 1000', '"HIGH']] };
    // when
    const error = await refusal(dmnXml([broken]));
    // then
    expect(error.problems.map((p) => p.elementId)).toEqual(['category_r1_i0', 'category_r2_o0']);
    expect(error.problems[0].message).toMatch(/input entry of rule category_r1/);
  });

  it('names a hit policy that is not supported and an aggregation without COLLECT', async () => {
    // given
    const xml = dmnXml([{ ...category, hitPolicy: 'SOMETIMES' }, { ...eligibility, requires: [], hitPolicy: 'FIRST', aggregation: 'SUM' }]);
    // when
    const error = await refusal(xml);
    // then
    expect(error.problems).toEqual([
      { elementId: 'category', message: expect.stringMatching(/hit policy "SOMETIMES" is not supported/) },
      { elementId: 'eligibility', message: expect.stringMatching(/aggregation "SUM" is not supported with hit policy FIRST/) },
    ]);
  });

  it('names a required decision that does not exist, and a cycle', async () => {
    // given
    const missing = dmnXml([eligibility]);
    const cycle = dmnXml([eligibility, { ...category, requires: ['eligibility'] }]);
    // when
    const missingError = await refusal(missing);
    const cycleError = await refusal(cycle);
    // then
    expect(missingError.problems).toEqual([{ elementId: 'eligibility', message: 'required decision "category" does not exist' }]);
    expect(cycleError.problems[0].message).toMatch(/cycle: eligibility -> category -> eligibility/);
  });

  it('names an input whose input values are not FEEL unary tests', async () => {
    // given
    const xml = dmnXml([category]).replace('</inputExpression></input>', '</inputExpression><inputValues id="iv"><text>"LOW",,</text></inputValues></input>');
    // when
    const error = await refusal(xml);
    // then
    expect(error.problems).toEqual([{ elementId: 'category_in0', message: expect.stringMatching(/^input values: FEEL syntax error/) }]);
  });

  it('refuses a table with more rules than the limit', async () => {
    // given
    const rules = Array.from({ length: DMN_LIMITS.rules + 1 }, (_, i) => [`${i}`, '"x"']);
    // when
    const error = await refusal(dmnXml([{ ...category, hitPolicy: 'FIRST', rules }]));
    // then
    expect(error.problems).toEqual([{ elementId: 'category', message: expect.stringMatching(/1001 rules, more than the limit of 1000/) }]);
  });

  it('refuses PRIORITY without output values, and a document that is not DMN', async () => {
    // given
    const xml = dmnXml([{ ...category, hitPolicy: 'PRIORITY' }]);
    // when
    const priority = await refusal(xml);
    const notDmn = await refusal('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>');
    // then
    expect(priority.problems[0]).toEqual({ elementId: 'category', message: 'hit policy PRIORITY needs output values giving the priority order' });
    expect(notDmn.problems.length).toBeGreaterThan(0);
  });
});
