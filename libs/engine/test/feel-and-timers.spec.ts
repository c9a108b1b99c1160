import { evaluateFeel } from '../src/feel/sandboxed-feel';
import { feelBody } from '../src/feel/feel-expression';
import { addDuration, parseIsoDateTime, parseIsoDuration } from '../src/timers/iso-duration';
import { scheduleTimer } from '../src/timers/timer-schedule';

describe('sandboxed FEEL', () => {
  it('evaluates over plain data and returns plain data', () => {
    expect(evaluateFeel('{total: sum(fees), first: fees[1]}', { fees: [1, 2, 3] })).toEqual({ ok: true, value: { total: 6, first: 1 } });
    expect(evaluateFeel('date and time("2026-01-01T00:00:00Z") + duration("PT1H")', {})).toEqual({ ok: true, value: '2026-01-01T01:00:00.000Z' });
    expect(evaluateFeel('date and time("2026-01-01T10:00:00")', {})).toEqual({ ok: true, value: '2026-01-01T10:00:00.000' });
  });

  it('reads the clock from the instant it is given, never from the machine', () => {
    const instant = Date.UTC(2026, 0, 5, 9, 30, 0);
    expect(evaluateFeel('now()', {}, instant)).toEqual({ ok: true, value: '2026-01-05T09:30:00.000Z' });
    expect(evaluateFeel('string(today())', {}, instant)).toEqual({ ok: true, value: '2026-01-05' });
    expect(evaluateFeel('now() + duration("P1D")', { now: 'shadowed' }, instant)).toEqual({ ok: true, value: '2026-01-06T09:30:00.000Z' });
  });

  it('reaches nothing but the variables', () => {
    expect(evaluateFeel('constructor', {})).toEqual({ ok: true, value: null });
    expect(evaluateFeel('x.constructor', { x: {} })).toEqual({ ok: true, value: null });
    expect(evaluateFeel('__proto__', {})).toEqual({ ok: true, value: null });
  });

  it('reports syntax errors and non-data results as failures instead of throwing', () => {
    expect(evaluateFeel('a >', { a: 1 })).toMatchObject({ ok: false });
    expect(evaluateFeel('function(x) x + 1', {})).toMatchObject({ ok: false });
  });

  it('stops an expression that would run unbounded (huge ranges, nested loops, catastrophic regular expressions) instead of exhausting the process', () => {
    for (const expression of ['for i in 1..100000000 return i', 'count(for i in 1..10000, j in 1..10000 return 1)', 'matches(s, "^(a+)+$")']) {
      // when
      const started = Date.now();
      const result = evaluateFeel(expression, { s: `${'a'.repeat(40)}!` });

      // then
      expect(result).toEqual({ ok: false, message: expect.stringContaining('was stopped') });
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(evaluateFeel('for i in 1..3 return i * n', { n: 2 })).toEqual({ ok: true, value: [2, 4, 6] });
  });

  it('keeps the false and null items a list filter matches (票签 counting rejections)', () => {
    expect(evaluateFeel('count(votes[item = false])', { votes: [false, true, false, null] })).toEqual({ ok: true, value: 2 });
    expect(evaluateFeel('votes[item = null]', { votes: [false, null] })).toEqual({ ok: true, value: [null] });
    expect(evaluateFeel('votes[item = true]', { votes: [false, true] })).toEqual({ ok: true, value: [true] });
    expect(evaluateFeel('people[age > 17].name', { people: [{ name: 'a', age: 18 }, { name: 'b', age: 3 }] })).toEqual({ ok: true, value: ['a'] });
  });

  it('fails on calls to functions that do not exist or do not take the arguments; missing variables stay null', () => {
    expect(evaluateFeel('no such thing(1)', {})).toEqual({ ok: false, message: expect.stringContaining('there is no such function') });
    expect(evaluateFeel('upper case("a", "b")', {})).toEqual({ ok: false, message: expect.stringContaining('the arguments do not fit') });
    expect(evaluateFeel('missing.path + 1', {})).toEqual({ ok: true, value: null });
    expect(evaluateFeel('upper case(name)', { name: 'li' })).toEqual({ ok: true, value: 'LI' });
  });

  it('supports Camunda 8 assert: the value when the condition holds, a failure with the cause when not', () => {
    expect(evaluateFeel('assert(amount, amount > 0)', { amount: 5 })).toEqual({ ok: true, value: 5 });
    expect(evaluateFeel('assert(amount, amount > 0, "amount must be positive")', { amount: -1 })).toEqual({ ok: false, message: expect.stringContaining('amount must be positive') });
    expect(evaluateFeel('assert(amount, amount > 0)', { amount: null })).toMatchObject({ ok: false });
  });

  it('provides the Camunda 8 extension functions feelin lacks', () => {
    const vars = { name: 'li', missing: null, items: [1, 2, 1, 3] };
    expect(evaluateFeel('is defined(name) and not(is defined(missing))', vars)).toEqual({ ok: true, value: true });
    expect(evaluateFeel('get or else(missing, "none")', vars)).toEqual({ ok: true, value: 'none' });
    expect(evaluateFeel('is empty(items) or is blank("  ")', vars)).toEqual({ ok: true, value: true });
    expect(evaluateFeel('trim("  a ")', vars)).toEqual({ ok: true, value: 'a' });
    expect(evaluateFeel('partition(items, 3)', vars)).toEqual({ ok: true, value: [[1, 2, 1], [3]] });
    expect(evaluateFeel('duplicate values(items)', vars)).toEqual({ ok: true, value: [1] });
  });

  it('stores FEEL dates and times as Camunda 8 does: 2026-01-05 and 10:30:00', () => {
    const instant = Date.UTC(2026, 0, 5, 9, 30);
    expect(evaluateFeel('today()', {}, instant)).toEqual({ ok: true, value: '2026-01-05' });
    expect(evaluateFeel('date(d) + duration("P1D")', { d: '2026-01-31' })).toEqual({ ok: true, value: '2026-02-01' });
    expect(evaluateFeel('time("10:30:00")', {})).toEqual({ ok: true, value: '10:30:00' });
    expect(evaluateFeel('time("10:30:00+08:00")', {})).toEqual({ ok: true, value: '10:30:00+08:00' });
    expect(evaluateFeel('date(stored) = date("2026-01-05")', { stored: '2026-01-05' })).toEqual({ ok: true, value: true });
  });

  it('tests FEEL types with instance of', () => {
    const vars = { amount: 2, name: 'a', list: [1], nothing: null };
    expect(evaluateFeel('amount instance of number and name instance of string and list instance of list', vars)).toEqual({ ok: true, value: true });
    expect(evaluateFeel('amount instance of string', vars)).toEqual({ ok: true, value: false });
    expect(evaluateFeel('now() instance of date and time and today() instance of date', vars, Date.UTC(2026, 0, 5, 9))).toEqual({ ok: true, value: true });
    expect(evaluateFeel('duration("P1D") instance of days and time duration and nothing instance of Null', vars)).toEqual({ ok: true, value: true });
  });

  it('recognises Camunda 8 and Camunda 7 expression markers', () => {
    expect(feelBody('= a + 1')).toBe('a + 1');
    expect(feelBody('${a + 1}')).toBe('a + 1');
    expect(feelBody('PT1H')).toBeUndefined();
  });
});

describe('ISO 8601 timers', () => {
  const now = Date.UTC(2026, 0, 31, 12, 0, 0);

  it('parses durations with weeks, days and time parts', () => {
    expect(parseIsoDuration('P1W')).toMatchObject({ weeks: 1 });
    expect(parseIsoDuration('P2DT3H4M5.5S')).toMatchObject({ days: 2, hours: 3, minutes: 4, seconds: 5.5 });
    expect(parseIsoDuration('P')).toBeUndefined();
    expect(parseIsoDuration('PT')).toBeUndefined();
    expect(parseIsoDuration('1H')).toBeUndefined();
  });

  it('adds calendar months without overflowing the month', () => {
    expect(addDuration(now, parseIsoDuration('P1M')!)).toBe(Date.UTC(2026, 1, 28, 12, 0, 0));
    expect(addDuration(now, parseIsoDuration('P1Y')!)).toBe(Date.UTC(2027, 0, 31, 12, 0, 0));
  });

  it('parses date-times with and without zones', () => {
    expect(parseIsoDateTime('2026-03-01T08:00:00+08:00')).toBe(Date.UTC(2026, 2, 1, 0, 0, 0));
    expect(parseIsoDateTime('2026-03-01T08:00:00')).toBe(Date.UTC(2026, 2, 1, 8, 0, 0));
    expect(parseIsoDateTime('tomorrow')).toBeUndefined();
  });

  it('schedules cycles with bounded and unbounded repetitions and refuses too short ones', () => {
    expect(scheduleTimer({ type: 'cycle', expression: '' }, 'R5/PT1H', now, 60_000)).toEqual({
      ok: true, schedule: { dueAt: now + 3_600_000, intervalMs: 3_600_000, repetitionsLeft: 4 },
    });
    expect(scheduleTimer({ type: 'cycle', expression: '' }, 'R/PT1H', now, 60_000)).toMatchObject({ ok: true, schedule: { repetitionsLeft: -1 } });
    expect(scheduleTimer({ type: 'cycle', expression: '' }, 'R3/2026-02-01T00:00:00Z/P1D', now, 60_000)).toMatchObject({
      ok: true, schedule: { dueAt: Date.UTC(2026, 1, 1), intervalMs: 86_400_000, repetitionsLeft: 2 },
    });
    expect(scheduleTimer({ type: 'cycle', expression: '' }, 'R/PT10S', now, 60_000)).toMatchObject({ ok: false });
    expect(scheduleTimer({ type: 'cycle', expression: '' }, '0 0 9 * * ?', now, 60_000)).toMatchObject({ ok: false });
    expect(scheduleTimer({ type: 'duration', expression: '' }, 'soon', now, 60_000)).toMatchObject({ ok: false });
  });
});
