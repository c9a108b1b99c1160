import { simpleExpression, simpleUnaryTest } from '../src/evaluate/simple-feel';
import { evaluateFeel, evaluateUnaryTests } from './plain-feel.fixture';

/** The interpreter-free reading of simple cells gives what FEEL gives, or leaves the cell to FEEL. */
describe('simple cells read without the interpreter', () => {
  const tests = ['18', '-3.5', '"Business"', '""', 'true', 'false', '< 10', '<= 10', '> 10', '>= 10', '= 10', '< "m"', '>= "b"', '= true', '< true', '"a","b"', '[1..10]', 'not(1)', '? > 3', 'null'];
  const inputs: unknown[] = [0, 10, 18, -3.5, 11, 'Business', '', 'a', 'z', true, false, null, '10'];

  it('agrees with FEEL on every unary test it answers', () => {
    // given every pair of test and input
    for (const test of tests) {
      for (const input of inputs) {
        // when
        const simple = simpleUnaryTest(test, input);
        // then
        if (simple === undefined) continue;
        const feel = evaluateUnaryTests(test, input, {});
        expect({ test, input, value: simple }).toEqual({ test, input, value: feel.ok ? feel.value === true : 'failed' });
      }
    }
  });

  it('agrees with FEEL on literals and names, and leaves everything else to it', () => {
    // given
    const variables = { age: 20, name: 'x', flag: false, missing: null, nested: { a: 1 } };
    // when / then
    for (const text of ['18', '"Business"', 'true', 'age', 'name', 'flag', 'missing']) {
      const feel = evaluateFeel(text, variables);
      expect({ text, value: simpleExpression(text, variables)?.value }).toEqual({ text, value: feel.ok ? feel.value : 'failed' });
    }
    for (const text of ['nested', 'age + 1', 'unknown', '"a\\"b"', 'date("2026-01-01")', 'not']) expect(simpleExpression(text, variables)).toBeUndefined();
    expect(simpleUnaryTest('"a","b"', 'a')).toBeUndefined();
    expect(simpleUnaryTest('< 10', '5')).toBeUndefined();
  });
});
