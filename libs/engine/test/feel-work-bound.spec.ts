import { compileBpmn } from '@tongban/bpmn';
import { evaluateFeel } from '../src/feel/sandboxed-feel';
import { Instance } from './engine-test-kit';
import { backtracksCatastrophically, FEEL_CALL_DEPTH_LIMIT, FEEL_WORK_LIMIT } from '../src/feel/feel-work-bound';

describe('FEEL work bound (deterministic: the same expression stops at the same point on every machine)', () => {
  it('stops a huge range at once, naming the bound', () => {
    // when
    const result = evaluateFeel('for x in 1..100000000 return x', {});

    // then
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/was stopped: it does more than 50000 units of work \(a range of 100000000 numbers\)/) });
  });

  it('stops deep recursion at the call depth bound before the JavaScript stack overflows', () => {
    // when
    const result = evaluateFeel('{f: function(g, n) if n = 0 then 0 else 1 + g(g, n - 1), r: f(f, 100000)}.r', {});

    // then
    expect(result).toEqual({ ok: false, message: expect.stringContaining(`functions call each other more than ${FEEL_CALL_DEPTH_LIMIT} deep`) });
  });

  it('runs recursion within the depth bound', () => {
    expect(evaluateFeel('{f: function(g, n) if n = 0 then 0 else 1 + g(g, n - 1), r: f(f, 150)}.r', {})).toEqual({ ok: true, value: 150 });
  });

  it('stops exponential recursion by counting its calls', () => {
    // when
    const result = evaluateFeel('{f: function(g, n) if n < 2 then n else g(g, n - 1) + g(g, n - 2), r: f(f, 40)}.r', {});

    // then
    expect(result).toEqual({ ok: false, message: expect.stringContaining('(function calls)') });
  });

  it('counts the items of nested iterations (a cartesian product) as they are produced', () => {
    // when
    const result = evaluateFeel('count(for i in 1..10000, j in 1..10000 return 1)', {});

    // then
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('was stopped') });
  });

  it('draws the line at the same item count every time, whatever the load', () => {
    // given
    const within = `count(for i in 1..${FEEL_WORK_LIMIT} return i)`;
    const beyond = `count(for i in 0..${FEEL_WORK_LIMIT} return i)`;

    // when
    const results = [evaluateFeel(within, {}), evaluateFeel(beyond, {}), evaluateFeel(within, {}), evaluateFeel(beyond, {})];

    // then
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(results[0]).toEqual({ ok: true, value: FEEL_WORK_LIMIT });
  });

  it('charges each item by the size of the variable context the interpreter copies for it', () => {
    // given
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) many[`v${i}`] = i;

    // when
    const small = evaluateFeel('count(for i in 1..5000 return i)', {});
    const large = evaluateFeel('count(for i in 1..5000 return i)', many);

    // then
    expect(small).toEqual({ ok: true, value: 5000 });
    expect(large).toMatchObject({ ok: false, message: expect.stringContaining('was stopped') });
  });

  it('refuses a regular expression that repeats a repeated group, and runs safe ones', () => {
    // when
    const result = evaluateFeel('matches(s, "^(a+)+$")', { s: `${'a'.repeat(40)}!` });

    // then
    expect(result).toEqual({ ok: false, message: expect.stringContaining('repeats a repeated group') });
    expect(evaluateFeel('matches("2026-01", "^[0-9]{4}-[0-9]{2}$")', {})).toEqual({ ok: true, value: true });
    expect(evaluateFeel('replace("a-b-c", "-", "/")', {})).toEqual({ ok: true, value: 'a/b/c' });
    expect(evaluateFeel('split("a,b", ",")', {})).toEqual({ ok: true, value: ['a', 'b'] });
    expect(evaluateFeel('replace(input: "ab", pattern: "b", replacement: "c")', {})).toEqual({ ok: true, value: 'ac' });
    expect(evaluateFeel('replace(input: s, pattern: "^(a+)+$", replacement: "x")', { s: `${'a'.repeat(40)}!` })).toEqual({ ok: false, message: expect.stringContaining('repeats a repeated group') });
  });

  it('tells nested quantifiers from safe patterns', () => {
    expect(['(a+)+', '(a|b*)*', '(?:x{2,})+', '((ab)*c)+'].map(backtracksCatastrophically)).toEqual([true, true, true, true]);
    expect(['a+b*', '(ab)+', '[a+]+', '\\(a+\\)+', '(?:ab)?c*'].map(backtracksCatastrophically)).toEqual([false, false, false, false, false]);
  });

  it('stops a text doubled again and again (a context of concatenations) long before it fills the memory', () => {
    // given each entry ten copies of the one before: 10^8 characters at the end
    const tenfold = (from: string) => Array(10).fill(from).join(' + ');
    const names = ['b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const entries = names.map((name, i) => `${name}: ${tenfold(i === 0 ? 'a' : names[i - 1])}`);
    const expression = `{a: "xxxxxxxxxx", ${entries.join(', ')}}.h`;

    // when
    const result = evaluateFeel(expression, {});

    // then
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/was stopped: it does more than 50000 units of work \(building a text of \d+ characters\)/) });
  });

  it('stops lists multiplied by concatenate and texts built by string join', () => {
    // given
    const tenfold = (from: string) => `concatenate(${Array(10).fill(from).join(', ')})`;
    const lists = `{a: [1,2,3,4,5,6,7,8,9,10], b: ${tenfold('a')}, c: ${tenfold('b')}, d: ${tenfold('c')}, e: ${tenfold('d')}, f: ${tenfold('e')}, g: ${tenfold('f')}}.g = 1`;
    const joined = `string join(for i in 1..20000 return "${'x'.repeat(500)}")`;

    // when
    const results = [evaluateFeel(lists, {}), evaluateFeel(joined, {})];

    // then
    expect(results[0]).toEqual({ ok: false, message: expect.stringContaining('(building a list of') });
    expect(results[1]).toEqual({ ok: false, message: expect.stringContaining('(building a text of') });
  });

  it('gives ordinary texts and lists built with + and the building functions unchanged', () => {
    expect(evaluateFeel('first + " " + last', { first: '张', last: '三' })).toEqual({ ok: true, value: '张 三' });
    expect(evaluateFeel('amount + fee * 2', { amount: 10, fee: 1.5 })).toEqual({ ok: true, value: 13 });
    expect(evaluateFeel('concatenate(xs, [3])', { xs: [1, 2] })).toEqual({ ok: true, value: [1, 2, 3] });
    expect(evaluateFeel('string join(["a", "b"], "-") + string(1)', {})).toEqual({ ok: true, value: 'a-b1' });
    expect(evaluateFeel('date("2026-03-01") + duration("P1D")', {})).toEqual({ ok: true, value: '2026-03-02' });
    expect(evaluateFeel('-n + 1', { n: 3 })).toEqual({ ok: true, value: -2 });
  });

  it('never echoes megabytes back in a failure message', () => {
    // given a cause of a megabyte, and a long expression
    const huge = 'x'.repeat(1_000_000);

    // when
    const asserted = evaluateFeel('assert(1, false, cause)', { cause: huge });
    const long = evaluateFeel(`${'1 + '.repeat(2000)}unknown function(1)`, {});

    // then
    expect(asserted.ok).toBe(false);
    expect(!asserted.ok && asserted.message.length).toBeLessThan(1100);
    expect(!long.ok && long.message.length).toBeLessThan(1100);
  });

  it('leaves the value of bounded expressions unchanged', () => {
    expect(evaluateFeel('for i in 5..3 return i * n', { n: 2 })).toEqual({ ok: true, value: [10, 8, 6] });
    expect(evaluateFeel('for x in xs, y in [10, 20] return x + y', { xs: [1, 2] })).toEqual({ ok: true, value: [11, 21, 12, 22] });
    expect(evaluateFeel('some x in xs satisfies x > 1', { xs: [1, 2] })).toEqual({ ok: true, value: true });
    expect(evaluateFeel('every x in 1..3 satisfies x > 0', {})).toEqual({ ok: true, value: true });
    expect(evaluateFeel('{add: function(a, b) a + b}.add(1, 2)', {})).toEqual({ ok: true, value: 3 });
    expect(evaluateFeel('for i in 1..3 return if i = 1 then 0 else partial[-1] + i', {})).toEqual({ ok: true, value: [0, 2, 5] });
    expect(evaluateFeel('for i in 1..2 return i + base fee', { 'base fee': 10 })).toEqual({ ok: true, value: [11, 12] });
    expect(evaluateFeel('for i in 1..n return i', { n: 2.5 })).toEqual({ ok: false, message: expect.stringContaining('only a range of whole numbers can be iterated, not 1..2.5') });
    expect(evaluateFeel('for i in 1..2 return i + base fee', { 'base fee': 20 })).toEqual({ ok: true, value: [21, 22] });
  });

  it('makes an expression beyond the bound a FEEL_ERROR incident naming the element and the cause', async () => {
    // given
    const model = (await compileBpmn(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://tongban.dev/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="check" default="small" />
    <bpmn:endEvent id="bigEnd" /><bpmn:endEvent id="smallEnd" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="check" />
    <bpmn:sequenceFlow id="big" sourceRef="check" targetRef="bigEnd"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= count(for x in 1..n return x) > 10</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="check" targetRef="smallEnd" />
  </bpmn:process>
</bpmn:definitions>`)).processes[0];

    // when
    const instance = new Instance(model).start({ n: 100000000 });

    // then
    expect(instance.incidents()).toEqual(['check:FEEL_ERROR']);
    expect(Object.values(instance.state.incidents)[0].message).toContain('was stopped: it does more than 50000 units of work');
  });
});
