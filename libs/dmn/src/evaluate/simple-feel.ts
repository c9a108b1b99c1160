/**
 * The FEEL of the cells most decision tables are made of — a literal (`18`, `"Business"`, `true`), a
 * comparison with a literal (`< 10`, `>= 18`), a variable name — read without the interpreter.
 * Each reader answers only where FEEL's meaning is plain (a number against a number, a string against
 * a string, a boolean against a boolean) and gives `undefined` otherwise, so the cell goes to FEEL.
 */

type Literal = { value: number | string | boolean };

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const STRING = /^"([^"\\]*)"$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COMPARISON = /^(<=|>=|<|>|=)?\s*(.+)$/;
const KEYWORDS = new Set(['true', 'false', 'null', 'not', 'and', 'or', 'if', 'then', 'else', 'for', 'some', 'every', 'in', 'return', 'satisfies', 'between', 'instance', 'of', 'function']);

/** A FEEL literal of a number, a string without escapes, or a boolean. */
export function literalOf(text: string): Literal | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return { value: Number(t) };
  const string = STRING.exec(t);
  if (string) return { value: string[1] };
  if (t === 'true' || t === 'false') return { value: t === 'true' };
  return undefined;
}

/** The value of an output entry or input expression when it is a literal or a plain variable name present in the variables. */
export function simpleExpression(text: string, variables: Record<string, unknown>): { value: unknown } | undefined {
  const literal = literalOf(text);
  if (literal) return literal;
  const t = text.trim();
  if (NAME.test(t) && !KEYWORDS.has(t) && Object.prototype.hasOwnProperty.call(variables, t)) {
    const value = variables[t];
    if (value === null || ['number', 'string', 'boolean'].includes(typeof value)) return { value };
  }
  return undefined;
}

/** Whether the input satisfies a unary test that is one literal or one comparison with a literal, when the types agree. */
export function simpleUnaryTest(text: string, input: unknown): boolean | undefined {
  const match = COMPARISON.exec(text.trim());
  if (!match) return undefined;
  const literal = literalOf(match[2]);
  if (!literal || typeof input !== typeof literal.value || (typeof input !== 'number' && typeof input !== 'string' && typeof input !== 'boolean')) return undefined;
  const operator = match[1] ?? '=';
  if (typeof input === 'boolean' && operator !== '=') return undefined;
  const a = input as number | string;
  const b = literal.value as number | string;
  switch (operator) {
    case '=': return a === b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
  return undefined;
}
