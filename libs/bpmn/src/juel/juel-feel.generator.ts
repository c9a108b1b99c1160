import type { JuelNode } from './juel-ast.model';
import { JuelRefusal } from './juel-refusal.error';

/** Names FEEL reads as words of its own grammar; a JUEL variable so named cannot be written in FEEL. */
const FEEL_WORDS = new Set(['if', 'then', 'else', 'for', 'in', 'return', 'some', 'every', 'satisfies', 'instance', 'of', 'function', 'external', 'between', 'true', 'false', 'null', 'and', 'or']);

/** Variables the engine always holds as numbers (multi-instance counters): no null-to-zero guard. */
const NUMERIC_VARIABLES = new Set(['nrOfInstances', 'nrOfCompletedInstances', 'nrOfActiveInstances', 'loopCounter']);

const FEEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Generated FEEL text, and whether it always yields true or false (never null). */
interface Feel {
  text: string;
  strict: boolean;
}

/**
 * FEEL source with the meaning JUEL gives a JuelNode. Where the two languages differ, the FEEL is
 * written out so that JUEL's rule holds:
 * - `!a` / `not a` is `not((a) = true)`: JUEL coerces null to false, FEEL's `not(null)` is null;
 * - arithmetic reads null as 0 and numeric text as a number; `+` never joins text;
 * - `a % b` is Java's remainder (the sign of `a`), not FEEL's `modulo` (the sign of `b`);
 * - `empty a` is true for null, "", [] and {};
 * - `a[0]` reads the first item (JUEL counts from 0, FEEL from 1).
 * - `==` / `!=` against a number literal read text as a number, against a text literal write
 *   numbers and booleans as text (JUEL's coercions); null compares as in both languages.
 * Ordering keeps FEEL's meaning, which JUEL shares for null and same-typed operands.
 */
export function juelToFeel(node: JuelNode): string {
  return unwrap(generate(node).text);
}

function generate(node: JuelNode): Feel {
  switch (node.kind) {
    case 'literal':
      return literal(node.value);
    case 'name':
      return { text: nameOf(node.name), strict: false };
    case 'member':
      return { text: member(generate(node.object).text, node.property), strict: false };
    case 'index':
      return { text: `${generate(node.object).text}[${node.index + 1}]`, strict: false };
    case 'unary':
      return unary(node.op, node.operand);
    case 'conditional': {
      const [then, otherwise] = [generate(node.then), generate(node.else)];
      return { text: `(if ${truth(generate(node.test))} then ${unwrap(then.text)} else ${unwrap(otherwise.text)})`, strict: then.strict && otherwise.strict };
    }
    case 'binary':
      return binary(node.op, node.left, node.right);
  }
}

function literal(value: number | string | boolean | null): Feel {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || /e/i.test(String(value))) throw new JuelRefusal(`has the number ${value}, which FEEL cannot write`);
    return { text: value < 0 ? `(${value})` : String(value), strict: false };
  }
  if (typeof value === 'string') return { text: JSON.stringify(value), strict: false };
  return { text: String(value), strict: value !== null };
}

function nameOf(name: string): string {
  if (!FEEL_NAME.test(name) || FEEL_WORDS.has(name)) throw new JuelRefusal(`reads the variable "${name}", whose name FEEL cannot write`);
  return name;
}

function member(object: string, property: string): string {
  return FEEL_NAME.test(property) && !FEEL_WORDS.has(property) ? `${object}.${property}` : `get value(${object}, ${JSON.stringify(property)})`;
}

function unary(op: '-' | '!' | 'empty', operand: JuelNode): Feel {
  const inner = generate(operand);
  if (op === '!') return { text: `not(${truth(inner)})`, strict: true };
  if (op === '-') return { text: `(-${numeric(operand, inner)})`, strict: false };
  const x = inner.text;
  return {
    text: `(${x} = null or (${x} instance of string and string length(${x}) = 0) or (${x} instance of list and count(${x}) = 0) or (${x} instance of context and count(get entries(${x})) = 0))`,
    strict: true,
  };
}

function binary(op: string, leftNode: JuelNode, rightNode: JuelNode): Feel {
  const left = generate(leftNode);
  const right = generate(rightNode);
  switch (op) {
    case '&&':
    case '||':
      return { text: `(${truth(left)} ${op === '&&' ? 'and' : 'or'} ${truth(right)})`, strict: true };
    case '==':
    case '!=': {
      const [a, b] = [coercedForEquality(leftNode, left, rightNode), coercedForEquality(rightNode, right, leftNode)];
      return { text: `(${a} ${op === '==' ? '=' : '!='} ${b})`, strict: false };
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return { text: `(${left.text} ${op} ${right.text})`, strict: false };
    case '%': {
      const a = numeric(leftNode, left);
      const b = numeric(rightNode, right);
      return { text: `(${a} - ${b} * (if ${a} / ${b} < 0 then ceiling(${a} / ${b}) else floor(${a} / ${b})))`, strict: false };
    }
    default:
      return { text: `(${numeric(leftNode, left)} ${op} ${numeric(rightNode, right)})`, strict: false };
  }
}

/**
 * An arithmetic operand as JUEL coerces it: null is 0, text is read as a number. A text literal
 * that is not a number is refused (JUEL's `+` adds numbers; it does not join text).
 */
function numeric(node: JuelNode, feel: Feel): string {
  if (node.kind === 'literal') {
    if (typeof node.value === 'number') return feel.text;
    if (node.value === null) return '0';
    if (typeof node.value === 'string' && node.value.trim() !== '' && Number.isFinite(Number(node.value))) return literal(Number(node.value)).text;
    throw new JuelRefusal(`does arithmetic on ${JSON.stringify(node.value)}, which is not a number (JUEL's + adds numbers; it does not join text)`);
  }
  if (isNumeric(node)) return feel.text;
  const x = feel.text;
  return `(if ${x} = null then 0 else if ${x} instance of string then number(${x}) else ${x})`;
}

/**
 * An operand of `==` / `!=` compared with a literal, coerced as JUEL coerces it: compared with a
 * number, text is read as a number (`'1' == 1`); compared with text, a number or boolean is written
 * as text (`5 == '5'`). Null stays null (JUEL: `null == x` is false unless x is null).
 */
function coercedForEquality(node: JuelNode, feel: Feel, other: JuelNode): string {
  if (node.kind === 'literal' || other.kind !== 'literal') return feel.text;
  const x = feel.text;
  if (typeof other.value === 'number') {
    if (isNumeric(node)) return x;
    return `(if ${x} instance of string then number(${x}) else ${x})`;
  }
  if (typeof other.value === 'string') return `(if ${x} = null or ${x} instance of string then ${x} else string(${x}))`;
  return x;
}

function isNumeric(node: JuelNode): boolean {
  if (node.kind === 'binary') return ['+', '-', '*', '/', '%'].includes(node.op);
  if (node.kind === 'unary') return node.op === '-';
  return node.kind === 'name' && NUMERIC_VARIABLES.has(node.name);
}

/** A JUEL boolean operand: true only when the value is true (JUEL coerces null to false). */
function truth(feel: Feel): string {
  return feel.strict ? feel.text : `(${unwrap(feel.text)}) = true`;
}

/** Drops one pair of parentheses around the whole text, when they enclose all of it. */
function unwrap(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === '(') depth++;
    else if (char === ')') {
      depth--;
      if (depth === 0 && i < text.length - 1) return text;
    }
  }
  return text.slice(1, -1);
}
