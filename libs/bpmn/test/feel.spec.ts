import { checkFeel, feelSource } from '@tongban/bpmn';

describe('feelSource', () => {
  it.each([
    ['= a > 1', 'a > 1'],
    ['=a', 'a'],
    ['${a > 1}', 'a > 1'],
    ['#{ approved }', 'approved'],
    ['  plain  ', 'plain'],
  ])('reads %p as %p', (raw, body) => {
    // when / then
    expect(feelSource(raw)).toBe(body);
  });
});

describe('checkFeel', () => {
  it('accepts valid FEEL', () => {
    // when / then
    expect(checkFeel('if amount > 1000 then "high" else "low"')).toBeUndefined();
    expect(checkFeel('some r in reviewers satisfies r.approved')).toBeUndefined();
  });

  it('knows the Camunda 8 extension functions whose names have spaces', () => {
    expect(checkFeel('get or else(x, 0) > 1 and is defined(y) and not(is empty(z))')).toBeUndefined();
    expect(checkFeel('duplicate values(list)')).toBeUndefined();
  });

  it('names the position of a syntax error', () => {
    // when / then
    expect(checkFeel('amount >')).toMatch(/position 8/);
    expect(checkFeel('')).toBe('empty expression');
  });
});
