import { evaluate } from '@bpmn-io/feelin';
import { translateJuel } from '../src/juel/juel-text.translator';
import { checkFeel } from '@tongban/bpmn';

/** The FEEL a Camunda 7 text translates to; fails the test when it is refused. */
function feelOf(text: string): string {
  const result = translateJuel(text);
  if (!result.ok) throw new Error(`refused: ${result.construct}`);
  return result.feel;
}

/** The value the translated FEEL gives for these variables. */
function valueOf(text: string, variables: Record<string, unknown> = {}): unknown {
  return evaluate(feelOf(text), variables).value;
}

describe('translateJuel: Camunda 7 expressions to FEEL', () => {
  it.each([
    ['${input == 1}', '(if input instance of string then number(input) else input) = 1'],
    ['${input eq 1}', '(if input instance of string then number(input) else input) = 1'],
    ['${x ne "a"}', '(if x = null or x instance of string then x else string(x)) != "a"'],
    ["${name == 'Zhang'}", '(if name = null or name instance of string then name else string(name)) = "Zhang"'],
    ['${amount <= 10}', 'amount <= 10'],
    ['${a lt 1}', 'a < 1'],
    ['${nrOfCompletedInstances/nrOfInstances >= 0.6}', '(nrOfCompletedInstances / nrOfInstances) >= 0.6'],
    ['${nrOfCompletedInstances == 5}', 'nrOfCompletedInstances = 5'],
    ['${a == b}', 'a = b'],
    ['${order.customer.level}', 'order.customer.level'],
    ["${order['total']}", 'order.total'],
    ["${order['first name']}", 'get value(order, "first name")'],
    ['${reviewers[0]}', 'reviewers[1]'],
    ['${true}', 'true'],
    ['${null}', 'null'],
    ['${-5}', '-5'],
    ['${list}', 'list'],
    ['#{approved}', 'approved'],
    ["${'it\\'s'}", '"it\'s"'],
  ])('translates %s to %s', (juel, feel) => {
    // when
    const result = feelOf(juel);

    // then
    expect(result).toBe(feel);
    expect(checkFeel(result)).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['${input == 1}', { input: 1 }, true],
    ['${input == 1}', { input: 2 }, false],
    ['${x == null}', { x: null }, true],
    ['${x != null}', {}, false],
    ['${x == 1}', { x: null }, false],
    ['${input == 1}', { input: '1' }, true],
    ['${input != 1}', { input: '1' }, false],
    ["${code == '5'}", { code: 5 }, true],
    ["${flag == 'true'}", { flag: true }, true],
    ["${code == '5'}", {}, false],
    ['${!(x < 1)}', { x: null }, true],
    ['${not approved}', {}, true],
    ['${!approved}', { approved: true }, false],
    ['${approved && amount > 10}', { approved: true, amount: 11 }, true],
    ['${approved and amount > 10}', { amount: 11 }, false],
    ['${a || b}', { a: false, b: true }, true],
    ['${a or b}', {}, false],
    ['${empty x}', {}, true],
    ['${empty x}', { x: '' }, true],
    ['${empty x}', { x: [] }, true],
    ['${empty x}', { x: {} }, true],
    ['${empty x}', { x: 'a' }, false],
    ['${empty x}', { x: [1] }, false],
    ['${empty x}', { x: 0 }, false],
    ['${not empty x}', { x: ['a'] }, true],
    ['${amount * 2}', { amount: 21 }, 42],
    ['${total + 1}', {}, 1],
    ["${'5' + 1}", {}, 6],
    ['${n + 1}', { n: '41' }, 42],
    ['${7 / 2}', {}, 3.5],
    ['${7 div 2}', {}, 3.5],
    ['${7 % 3}', {}, 1],
    ['${-7 % 3}', {}, -1],
    ['${7 mod -3}', {}, 1],
    ['${-n}', { n: 4 }, -4],
    ['${1 + 2 * 3}', {}, 7],
    ['${(1 + 2) * 3}', {}, 9],
    ["${amount > 1000 ? 'high' : 'low'}", { amount: 5000 }, 'high'],
    ["${amount > 1000 ? 'high' : 'low'}", {}, 'low'],
    ['${a ? b ? 1 : 2 : 3}', { a: true, b: false }, 2],
    ['${nrOfCompletedInstances/nrOfInstances >= 0.6}', { nrOfCompletedInstances: 3, nrOfInstances: 5 }, true],
    ['${nrOfCompletedInstances/nrOfInstances >= 0.6}', { nrOfCompletedInstances: 2, nrOfInstances: 5 }, false],
    ['${order.customer.level ge 2}', { order: { customer: { level: 3 } } }, true],
    ['${reviewers[1]}', { reviewers: ['li', 'wang'] }, 'wang'],
    ['clerk_${region}', { region: 'haidian' }, 'clerk_haidian'],
    ['clerk_${region}', {}, 'clerk_'],
    ['Review ${order.no} (${n} items)', { order: { no: 'A-1' }, n: 3 }, 'Review A-1 (3 items)'],
    ['\\${literal}', {}, '${literal}'],
    ["${a == '}'}", { a: '}' }, true],
  ])('%s with %j gives %j, as in Camunda 7', (juel, variables, expected) => {
    // when
    const value = valueOf(juel, variables);

    // then
    expect(value).toEqual(expected);
  });

  it('gives null, which a condition reads as false, where a top-level comparison meets null', () => {
    // when / then
    expect(valueOf('${order.customer.level ge 2}', { order: null })).toBeNull();
    expect(valueOf('${!(order.customer.level ge 2)}', { order: null })).toBe(true);
  });

  it.each([
    ['${order.isValid()}', 'calls a method (order.isValid)'],
    ["${execution.getVariable('x')}", 'calls a method (execution.getVariable)'],
    ['${execution.processInstanceId}', 'reads execution, an object of the Camunda 7 engine'],
    ['${task.name}', 'reads task, an object of the Camunda 7 engine'],
    ['${myBean.check(order)}', 'calls a method (myBean.check)'],
    ['${dateTime().plusDays(1)}', 'calls a function (dateTime)'],
    ['${fn:size(list) > 0}', 'calls a function (fn:size)'],
    ['${list[i]}', 'uses a computed subscript (list[…]); only a quoted property name or a whole number is translated'],
    ["${'a' + 'b'}", 'does arithmetic on "a", which is not a number'],
    ['${x = 1}', 'uses "="'],
    ['${x -> x + 1}', 'uses "->"'],
    ['${a; b}', 'uses ";"'],
    ['${a instanceof b}', 'has "instanceof" where the expression should end'],
    ['${a ==}', 'ends where a value should be'],
    ['${a b}', 'has "b" where the expression should end'],
    ['${(a}', 'where ")" should be'],
    ["${'open}", 'without its closing "}"'],
    ['${a}#{b}', 'mixes ${…} and #{…}'],
    ['${$x > 1}', 'reads the variable "$x", whose name FEEL cannot write'],
    ['${for}', 'reads the variable "for", whose name FEEL cannot write'],
  ])('refuses %s: it %s', (juel, construct) => {
    // when
    const result = translateJuel(juel);

    // then
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.construct).toContain(construct);
  });
});
