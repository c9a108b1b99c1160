import { date, evaluate, unaryTest } from '@bpmn-io/feelin';
import type { FeelExtensionFunction } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import { boundedExpression, boundedUnaryTests, FeelBoundExceeded, workGuards } from './feel-work-bound';

/**
 * Constructs that can do work unbounded by the size of the variables (ranges, quantifiers, loops,
 * user-defined functions, regular expressions); only these pay for the work bound.
 */
const UNBOUNDED = /\.\.|\b(?:for|some|every|function|matches|replace|split|concatenate|append|insert before|union|flatten|string|distinct values|sort|reverse)\b/;

/**
 * A context literal whose entries add up earlier entries (`{a: "x", b: a + a, c: b + b, …}`) doubles
 * a text with every entry; a `+` outside one gives at most the sum of its operands, so plain
 * arithmetic (a call of the guard costs as much as the addition itself) stays unbounded.
 */
const COMPOUNDING = /\{[\s\S]*\+|\+[\s\S]*\{/;

/** The longest a failure message quotes the expression, and the longest it is: no megabytes of input echoed back. */
const QUOTED_EXPRESSION = 200;
const MAX_FAILURE_MESSAGE = 1000;

/** The outcome of evaluating one FEEL expression: a plain JSON value, or why it failed. */
export type FeelResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Evaluates FEEL source text against plain-data variables. The context is a null-prototype object
 * holding only JSON data, so an expression reaches nothing but the instance's variables; syntax
 * errors and non-data results come back as failures, never as throws. With `now` (epoch ms), the
 * FEEL clock functions `now()` and `today()` give that instant instead of reading the system clock.
 * An expression that can do unbounded work runs under a deterministic work bound (FEEL_WORK_LIMIT,
 * FEEL_CALL_DEPTH_LIMIT, no catastrophically backtracking patterns); beyond it, it fails.
 * Calling a function that does not exist or does not take the arguments given fails too.
 */
export function evaluateFeel(expression: string, variables: Variables, now?: number): FeelResult {
  return sandboxed(expression, variables, now, false);
}

/**
 * Whether `input` satisfies FEEL unary tests (a decision table's input entry: `>= 18`, `"a","b"`,
 * `[1..10]`, `not("x")`, `? > 3`), in the same sandbox and under the same work bound as evaluateFeel.
 */
export function evaluateUnaryTests(tests: string, input: unknown, variables: Variables, now?: number): FeelResult {
  return sandboxed(tests, { ...variables, '?': input }, now, true);
}

function sandboxed(expression: string, variables: Variables, now: number | undefined, asUnaryTests: boolean): FeelResult {
  const context: Variables = Object.create(null);
  Object.assign(context, EXTENSION_FUNCTIONS);
  for (const name of Object.keys(variables)) context[name] = variables[name];
  if (now !== undefined) {
    const instant = new Date(now).toISOString();
    context.now = () => date(instant);
    context.today = () => date(instant.slice(0, 10));
  }
  let evaluation: ReturnType<typeof evaluate>;
  let evaluated = expression;
  try {
    if (UNBOUNDED.test(expression) || COMPOUNDING.test(expression)) {
      evaluated = asUnaryTests ? boundedUnaryTests(expression, context) : boundedExpression(expression, context, variables);
      Object.assign(context, workGuards(Object.keys(variables).length));
    }
    evaluation = asUnaryTests ? unaryTest(evaluated, context) : evaluate(evaluated, context);
  } catch (error) {
    if (error instanceof FeelBoundExceeded) return failure(`FEEL expression '${quoted(expression)}' was stopped: ${error.message}`);
    return failure(`FEEL expression '${quoted(expression)}' failed: ${(error as Error).message}`);
  }
  const misuse = evaluation.warnings.find((warning) => FAILING_WARNINGS.has(warning.type));
  if (misuse) {
    const call = evaluated.slice(misuse.position.from, misuse.position.to);
    const why = misuse.type === 'NO_FUNCTION_FOUND' ? 'there is no such function' : 'the arguments do not fit the function';
    return failure(`FEEL expression '${quoted(expression)}' failed at ${quoted(call)}: ${why}`);
  }
  const plain = toPlainData(evaluation.value);
  return plain.ok ? plain : failure(`FEEL expression '${quoted(expression)}' ${plain.message}`);
}

function quoted(expression: string): string {
  return expression.length <= QUOTED_EXPRESSION ? expression : `${expression.slice(0, QUOTED_EXPRESSION)}…`;
}

/** A failure whose message is at most MAX_FAILURE_MESSAGE characters (a thrown cause can carry any text). */
function failure(message: string): FeelResult {
  return { ok: false, message: message.length <= MAX_FAILURE_MESSAGE ? message : `${message.slice(0, MAX_FAILURE_MESSAGE)}… (${message.length - MAX_FAILURE_MESSAGE} more characters)` };
}

/**
 * Calling a function that does not exist, or with arguments it does not take, is a modelling error
 * (an incident, as in Camunda 8) rather than null; a missing variable or property stays null.
 */
const FAILING_WARNINGS = new Set<string>(['NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE']);

/** Camunda 8 FEEL extension functions feelin lacks (the names libs/bpmn lets the parser know), and `assert`. */
const EXTENSION_FUNCTIONS: Record<FeelExtensionFunction | 'assert', unknown> = {
  assert,
  'is defined': (value: unknown) => value !== null && value !== undefined,
  'get or else': (value: unknown, fallback: unknown) => (value === null || value === undefined ? fallback : value),
  'is empty': (list: unknown) => (Array.isArray(list) ? list.length === 0 : null),
  'is blank': (text: unknown) => (typeof text === 'string' ? text.trim() === '' : null),
  trim: (text: unknown) => (typeof text === 'string' ? text.trim() : null),
  partition: (list: unknown, size: unknown) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size < 1) return null;
    const parts: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
    return parts;
  },
  'duplicate values': (list: unknown) => {
    if (!Array.isArray(list)) return null;
    const seen: unknown[] = [];
    const duplicates: unknown[] = [];
    for (const item of list) {
      const key = JSON.stringify(item);
      if (seen.includes(key) && !duplicates.some((d) => JSON.stringify(d) === key)) duplicates.push(item);
      seen.push(key);
    }
    return duplicates;
  },
};

/** Camunda 8's `assert(value, condition)` / `assert(value, condition, cause)`: the value, or a failure when the condition is not true. */
function assert(value: unknown, condition: unknown, cause?: unknown): unknown {
  if (condition !== true) throw new Error(typeof cause === 'string' ? cause : 'assertion failed');
  return value;
}

/** A luxon DateTime or Duration as feelin returns them for FEEL temporal values. */
interface Temporal {
  toISO?: (options?: object) => string | null;
  toISODate?: () => string | null;
  toISOTime?: (options?: object) => string | null;
  zone?: { type?: string; fixed?: number };
  year?: number; month?: number; day?: number; hour?: number; minute?: number; second?: number; millisecond?: number;
}

/**
 * A FEEL date as `2026-01-05` and a FEEL time as `10:30:00` (as Camunda 8 stores them), telling them
 * apart from date-times the way feelin does: a date is midnight UTC, a time is on 1900-01-01.
 */
function dateOrTimeText(t: Temporal): string | undefined {
  if (!t.zone) return undefined;
  if (t.year === 1900 && t.month === 1 && t.day === 1 && typeof t.toISOTime === 'function') {
    return t.toISOTime({ includeOffset: t.zone.type !== 'system', suppressMilliseconds: true }) ?? undefined;
  }
  const midnight = t.hour === 0 && t.minute === 0 && t.second === 0 && t.millisecond === 0;
  if (midnight && t.zone.type === 'fixed' && t.zone.fixed === 0 && typeof t.toISODate === 'function') return t.toISODate() ?? undefined;
  return undefined;
}

/** Converts a FEEL result to JSON data: temporal values become ISO text, functions are refused. */
export function toPlainData(value: unknown): FeelResult {
  if (value === undefined || value === null) return { ok: true, value: null };
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return { ok: true, value };
    case 'number':
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'gave a non-finite number' };
    case 'object':
      return objectToPlain(value as object);
    default:
      return { ok: false, message: `gave a ${typeof value}, not data` };
  }
}

function objectToPlain(value: object): FeelResult {
  const temporal = value as Temporal;
  if (typeof temporal.toISO === 'function') {
    const asDateOrTime = dateOrTimeText(temporal);
    if (asDateOrTime !== undefined) return { ok: true, value: asDateOrTime };
    // a local date-time (no zone in FEEL) stays local text, whatever zone the machine is in
    const local = temporal.zone?.type === 'system';
    return { ok: true, value: local ? temporal.toISO({ includeOffset: false }) : temporal.toISO() };
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const plain = toPlainData(item);
      if (!plain.ok) return plain;
      items.push(plain.value);
    }
    return { ok: true, value: items };
  }
  const out: Variables = {};
  for (const [name, item] of Object.entries(value)) {
    const plain = toPlainData(item);
    if (!plain.ok) return plain;
    out[name] = plain.value;
  }
  return { ok: true, value: out };
}
