import { DecisionEvaluationFailure, evaluateDecision, parseDmn } from '../src';
import { dmnXml, plainFeel, type TableSpec } from './dmn-table.fixture';

/** The hit policy examples of the DMN 1.3 specification (section 8.2.11), evaluated. */
async function evaluate(table: TableSpec, variables: Record<string, unknown>) {
  const set = await parseDmn(dmnXml([table]));
  return evaluateDecision(set, table.id, variables, plainFeel);
}

const discount: TableSpec = {
  id: 'discount',
  hitPolicy: 'UNIQUE',
  inputs: ['customer', 'orderSize'],
  outputs: ['discount'],
  rules: [
    ['"Business"', '< 10', '0.10'],
    ['"Business"', '>= 10', '0.15'],
    ['"Private"', '-', '0.05'],
  ],
};

const compliance: TableSpec = {
  id: 'compliance',
  hitPolicy: 'ANY',
  inputs: ['creditRating', 'cardBalance', 'loanBalance'],
  outputs: ['compliance'],
  rules: [
    ['"A"', '< 10000', '< 60000', '"Compliant"'],
    ['not("A")', '-', '-', '"Not Compliant"'],
    ['-', '>= 10000', '-', '"Not Compliant"'],
    ['-', '-', '>= 60000', '"Not Compliant"'],
  ],
};

const riskRating = (hitPolicy: string): TableSpec => ({
  id: 'riskRating',
  hitPolicy,
  inputs: ['age', 'medicalHistory'],
  outputs: [{ name: 'rating', values: '"High","Medium","Low"' }],
  rules: [
    ['> 60', '"good"', '"Medium"'],
    ['> 60', '"bad"', '"High"'],
    ['[25..60]', '-', '"Medium"'],
    ['< 25', '"good"', '"Low"'],
    ['< 25', '"bad"', '"Medium"'],
    ['-', '"bad"', '"High"'],
  ],
});

const specialDiscount = (hitPolicy: string): TableSpec => ({
  id: 'specialDiscount',
  hitPolicy,
  inputs: ['orderType', 'location', 'loyalty'],
  outputs: [{ name: 'discount', values: '10,7,5,0' }],
  rules: [
    ['"Web"', '"US"', '-', '5'],
    ['-', '-', '"gold"', '10'],
    ['"Web"', '-', '-', '7'],
    ['-', '-', '-', '0'],
  ],
});

const holidays = (aggregation?: string): TableSpec => ({
  id: 'holidays',
  hitPolicy: 'COLLECT',
  aggregation,
  inputs: ['age', 'yearsOfService'],
  outputs: ['holidays'],
  rules: [
    ['-', '-', '22'],
    ['< 18, >= 60', '-', '5'],
    ['-', '>= 30', '5'],
    ['-', '[15..30)', '2'],
    ['[45..60)', '-', '2'],
  ],
});

describe('DMN 1.3 hit policies', () => {
  it('UNIQUE gives the one matching rule, null when none matches, and fails naming the rules when two match', async () => {
    // given the discount table of the specification
    // when
    const business = await evaluate(discount, { customer: 'Business', orderSize: 12 });
    const none = await evaluate(discount, { customer: 'Government', orderSize: 1 });
    const overlapping = { ...discount, rules: [...discount.rules, ['-', '>= 10', '0.2']] };
    // then
    expect(business.value).toBe(0.15);
    expect(business.matchedRules.map((r) => r.ruleId)).toEqual(['discount_r2']);
    expect(business.inputs).toEqual({ customer: 'Business', orderSize: 12 });
    expect(none.value).toBeNull();
    expect(none.resultList).toEqual([]);
    await expect(evaluate(overlapping, { customer: 'Business', orderSize: 12 })).rejects.toThrow(/discount.*UNIQUE.*discount_r2, discount_r4/);
  });

  it('ANY accepts several matching rules with equal outputs and fails when they differ', async () => {
    // given the compliance table: rules 2..4 all say "Not Compliant"
    // when
    const result = await evaluate(compliance, { creditRating: 'B', cardBalance: 20000, loanBalance: 70000 });
    const clash = { ...compliance, rules: [...compliance.rules, ['"B"', '-', '-', '"Compliant"']] };
    // then
    expect(result.value).toBe('Not Compliant');
    await expect(evaluate(clash, { creditRating: 'B', cardBalance: 0, loanBalance: 0 })).rejects.toBeInstanceOf(DecisionEvaluationFailure);
    await expect(evaluate(clash, { creditRating: 'B', cardBalance: 0, loanBalance: 0 })).rejects.toThrow(/ANY.*compliance_r2, compliance_r5/);
  });

  it('PRIORITY gives the matching output first in the output values order', async () => {
    // given age 70, bad history: rules 2 (High) and 6 (High); age 30 bad: rules 3 (Medium) and 6 (High)
    // when
    const old = await evaluate(riskRating('PRIORITY'), { age: 70, medicalHistory: 'bad' });
    const middle = await evaluate(riskRating('PRIORITY'), { age: 30, medicalHistory: 'bad' });
    // then
    expect(old.value).toBe('High');
    expect(middle.value).toBe('High');
    expect(middle.matchedRules.map((r) => r.ruleId)).toEqual(['riskRating_r6']);
  });

  it('FIRST gives the first matching rule in table order', async () => {
    // given age 30, bad history matches rule 3 (Medium) before rule 6 (High)
    // when
    const result = await evaluate(riskRating('FIRST'), { age: 30, medicalHistory: 'bad' });
    // then
    expect(result.value).toBe('Medium');
    expect(result.matchedRules.map((r) => r.ruleId)).toEqual(['riskRating_r3']);
  });

  it('RULE ORDER lists every match in table order, OUTPUT ORDER by output values priority', async () => {
    // given a gold customer ordering on the web from the US: rules 1 (5), 2 (10), 3 (7), 4 (0)
    const order = { orderType: 'Web', location: 'US', loyalty: 'gold' };
    // when
    const byRule = await evaluate(specialDiscount('RULE ORDER'), order);
    const byOutput = await evaluate(specialDiscount('OUTPUT ORDER'), order);
    // then
    expect(byRule.value).toEqual([5, 10, 7, 0]);
    expect(byOutput.value).toEqual([10, 7, 5, 0]);
    expect(byOutput.resultList).toEqual([{ discount: 10 }, { discount: 7 }, { discount: 5 }, { discount: 0 }]);
  });

  it('COLLECT lists the matches, and SUM, MIN, MAX, COUNT aggregate them', async () => {
    // given an employee of 58 with 31 years of service: rules 1 (22), 3 (5), 5 (2)
    const employee = { age: 58, yearsOfService: 31 };
    // when
    const results = await Promise.all([undefined, 'SUM', 'MIN', 'MAX', 'COUNT'].map((a) => evaluate(holidays(a), employee)));
    // then
    expect(results.map((r) => r.value)).toEqual([[22, 5, 2], 29, 2, 22, 3]);
    expect(results[1].resultList).toEqual([{ holidays: 29 }]);
    expect(results[1].matchedRules.map((r) => r.ruleId)).toEqual(['holidays_r1', 'holidays_r3', 'holidays_r5']);
  });

  it('gives a context per rule when the table has several outputs', async () => {
    // given a table with two outputs
    const table: TableSpec = { id: 'approval', inputs: ['score'], outputs: ['approved', 'reasons'], rules: [['>= 60', 'true', '["score ok"]'], ['< 60', 'false', '["score too low"]']] };
    // when
    const result = await evaluate(table, { score: 42 });
    // then
    expect(result.value).toEqual({ approved: false, reasons: ['score too low'] });
  });
});
