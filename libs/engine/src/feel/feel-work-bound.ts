import { parseExpression, parseUnaryTests } from '@bpmn-io/feelin';

/**
 * Work units one FEEL evaluation may spend (about 200 ms of interpreter work). Iterating over one item
 * of a `for` / `some` / `every` (or a range) costs `1 + ⌊variables / 10⌋` units, because the interpreter
 * copies the whole variable context for each; entering a user-defined function costs FEEL_CALL_COST
 * times that. The bound counts what the expression does, never the time it takes, so it stops the
 * same expression at the same point on every machine and under any load.
 */
export const FEEL_WORK_LIMIT = 50_000;

/**
 * Characters of text one work unit pays for: every text a `+` or a text-building function gives
 * (`string join`, `replace`, `string`, …) costs its length over this, every list a list-building
 * function gives (`concatenate`, `append`, `flatten`, …) its length; so doubling a text or a list
 * again and again stops at the bound long before it fills the memory.
 */
export const FEEL_TEXT_CHARS_PER_UNIT = 100;

/** Units a call of a user-defined FEEL function costs, relative to one iterated item. */
export const FEEL_CALL_COST = 10;

/** How deep user-defined FEEL functions may call each other (before the JavaScript stack would overflow). */
export const FEEL_CALL_DEPTH_LIMIT = 200;

/** Thrown by the guards when an expression exceeds its bound; sandboxed-feel turns it into a failure. */
export class FeelBoundExceeded extends Error {}

const RANGE = '__tongban_range';
const ITEMS = '__tongban_items';
const ENTER = '__tongban_enter';
const LEAVE = '__tongban_leave';
const PATTERN = '__tongban_pattern';
const SIZED = '__tongban_sized';
const REGEX_FUNCTIONS = new Set(['matches', 'replace', 'split']);
/** Built-in functions whose result can be much larger than their arguments. */
const BUILDING_FUNCTIONS = new Set(['concatenate', 'append', 'insert before', 'union', 'flatten', 'string join', 'replace', 'string', 'distinct values', 'sort', 'reverse']);

interface SyntaxNode {
  name: string;
  from: number;
  to: number;
  firstChild: SyntaxNode | null;
  nextSibling: SyntaxNode | null;
}

/**
 * The expression with its unbounded constructs routed through guards: `a..b` and every iterated
 * collection count their items, every user-defined function body counts its call and depth, and the
 * pattern of `matches` / `replace` / `split` is checked for catastrophic backtracking. The value is
 * unchanged for every expression that stays within the bound.
 */
export function boundedExpression(expression: string, context: Record<string, unknown>, variables: Record<string, unknown>): string {
  // variable names with spaces change how an expression parses; the common case is cached
  const cacheable = !Object.keys(variables).some((name) => /\s/.test(name));
  const cached = cacheable ? rewritten.get(expression) : undefined;
  if (cached !== undefined) return cached;
  const tree = parseExpression(expression, context, undefined) as unknown as { topNode: SyntaxNode };
  const bounded = rewrite(tree.topNode, expression);
  if (cacheable) {
    if (rewritten.size >= REWRITE_CACHE_SIZE) rewritten.clear();
    rewritten.set(expression, bounded);
  }
  return bounded;
}

/** FEEL unary tests (a decision table's input entry) with their unbounded constructs routed through the guards. */
export function boundedUnaryTests(tests: string, context: Record<string, unknown>): string {
  const tree = parseUnaryTests(tests, context, undefined) as unknown as { topNode: SyntaxNode };
  return rewrite(tree.topNode, tests);
}

/** Rewritten expressions by source text (models repeat the same few expressions). */
const REWRITE_CACHE_SIZE = 1000;
const rewritten = new Map<string, string>();

function rewrite(node: SyntaxNode, source: string, parent?: string): string {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  const text = (n: SyntaxNode): string => rewrite(n, source, node.name);
  if (node.name === 'IterationContext') {
    const parts = children.filter((c) => c.name !== '..');
    if (parts.length === 2) return `${RANGE}(${text(parts[0])}, ${text(parts[1])})`;
    if (parts.length === 1) return `${ITEMS}(${text(parts[0])})`;
  }
  if (node.name === 'FunctionBody') return `if ${ENTER}() then ${LEAVE}(${spliced(node, children, source)}) else null`;
  // a chain `a + b + c` pays once, for what it gives, not for each partial sum
  if (node.name === 'ArithmeticExpression' && parent !== 'ArithmeticExpression') return `${SIZED}(${spliced(node, children, source)})`;
  if (node.name === 'FunctionInvocation') {
    const name = source.slice(children[0]?.from ?? 0, children[0]?.to ?? 0).trim();
    const invocation = REGEX_FUNCTIONS.has(name)
      ? spliced(node, children.map((c) => (c.name === 'PositionalParameters' ? guardPattern(c, source) : c.name === 'NamedParameters' ? guardNamedPattern(c, source) : c)), source)
      : spliced(node, children, source);
    return BUILDING_FUNCTIONS.has(name) ? `${SIZED}(${invocation})` : invocation;
  }
  return spliced(node, children, source);
}

/** The node's source text with each child replaced by its rewrite (or by a ready text). */
function spliced(node: SyntaxNode, children: Array<SyntaxNode | { from: number; to: number; text: string }>, source: string): string {
  let out = '';
  let at = node.from;
  for (const child of children) {
    out += source.slice(at, child.from) + ('text' in child ? child.text : rewrite(child, source, node.name));
    at = child.to;
  }
  return out + source.slice(at, node.to);
}

/** `matches(s, p)` → `matches(s, guard(p))`: the second positional argument is the regular expression. */
function guardPattern(parameters: SyntaxNode, source: string): { from: number; to: number; text: string } {
  const args: SyntaxNode[] = [];
  for (let child = parameters.firstChild; child; child = child.nextSibling) if (child.name !== ',') args.push(child);
  const texts = args.map((arg, i) => (i === 1 ? `${PATTERN}(${rewrite(arg, source)})` : rewrite(arg, source)));
  let out = '';
  let at = parameters.from;
  args.forEach((arg, i) => {
    out += source.slice(at, arg.from) + texts[i];
    at = arg.to;
  });
  return { from: parameters.from, to: parameters.to, text: out + source.slice(at, parameters.to) };
}

/** `replace(input: s, pattern: p, …)` → the value of the `pattern` (or `split`'s `delimiter`) parameter guarded. */
function guardNamedPattern(parameters: SyntaxNode, source: string): { from: number; to: number; text: string } {
  const named: Array<{ from: number; to: number; text: string }> = [];
  for (let parameter = parameters.firstChild; parameter; parameter = parameter.nextSibling) {
    if (parameter.name !== 'NamedParameter') continue;
    const name = parameter.firstChild;
    const value = name?.nextSibling;
    const isPattern = name && value && ['pattern', 'delimiter'].includes(source.slice(name.from, name.to).trim());
    const valueText = value ? rewrite(value, source) : '';
    named.push({ from: parameter.from, to: parameter.to, text: value ? `${source.slice(parameter.from, value.from)}${isPattern ? `${PATTERN}(${valueText})` : valueText}` : source.slice(parameter.from, parameter.to) });
  }
  return { from: parameters.from, to: parameters.to, text: spliced(parameters, named, source) };
}

/** The guard functions of one evaluation, sharing its work budget; put into the FEEL context. */
export function workGuards(variableCount: number): Record<string, unknown> {
  const unit = 1 + Math.floor(variableCount / 10);
  let left = FEEL_WORK_LIMIT;
  let depth = 0;
  const spend = (items: number, what: string): void => {
    left -= items * unit;
    if (left < 0) throw new FeelBoundExceeded(`it does more than ${FEEL_WORK_LIMIT} units of work (${what})`);
  };
  return {
    [RANGE]: (start: unknown, end: unknown) => {
      // feelin iterates only number ranges; a fractional end never matched and looped for ever
      if (start === null && end === null) return null;
      if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end)) {
        throw new Error(`only a range of whole numbers can be iterated, not ${String(start)}..${String(end)}`);
      }
      const size = Math.abs(end - start) + 1;
      spend(size, `a range of ${size} numbers`);
      const step = start <= end ? 1 : -1;
      const list: number[] = [];
      for (let i = start; list.length < size; i += step) list.push(i);
      return list;
    },
    [ITEMS]: (collection: unknown) => {
      if (Array.isArray(collection)) spend(collection.length, `iterating over ${collection.length} items`);
      return collection;
    },
    [ENTER]: () => {
      if (++depth > FEEL_CALL_DEPTH_LIMIT) throw new FeelBoundExceeded(`its functions call each other more than ${FEEL_CALL_DEPTH_LIMIT} deep`);
      spend(FEEL_CALL_COST, 'function calls');
      return true;
    },
    [LEAVE]: (value: unknown) => {
      depth--;
      return value;
    },
    [SIZED]: (value: unknown) => {
      if (typeof value === 'string' && value.length >= FEEL_TEXT_CHARS_PER_UNIT) {
        left -= Math.floor(value.length / FEEL_TEXT_CHARS_PER_UNIT);
        if (left < 0) throw new FeelBoundExceeded(`it does more than ${FEEL_WORK_LIMIT} units of work (building a text of ${value.length} characters)`);
      } else if (Array.isArray(value)) {
        left -= value.length;
        if (left < 0) throw new FeelBoundExceeded(`it does more than ${FEEL_WORK_LIMIT} units of work (building a list of ${value.length} items)`);
      }
      return value;
    },
    [PATTERN]: (pattern: unknown) => {
      if (typeof pattern === 'string' && backtracksCatastrophically(pattern)) {
        throw new FeelBoundExceeded(`its regular expression "${pattern}" repeats a repeated group, which can take exponential time`);
      }
      return pattern;
    },
  };
}

/**
 * Whether a regular expression has a quantified group that itself contains a quantifier
 * (`(a+)+`, `(a|b*)*`, `(x{2,})+`): the shape whose backtracking grows exponentially with the input.
 */
export function backtracksCatastrophically(pattern: string): boolean {
  const groups: boolean[] = [];
  let quantifiedInside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      groups.push(quantifiedInside);
      quantifiedInside = false;
      continue;
    }
    const quantifier = c === '*' || c === '+' || c === '{' || (c === '?' && pattern[i - 1] !== '(');
    if (c === ')') {
      const inner = quantifiedInside;
      quantifiedInside = groups.pop() ?? false;
      const next = pattern[i + 1];
      const repeated = next === '*' || next === '+' || next === '{';
      if (repeated && inner) return true;
      if (inner || repeated) quantifiedInside = true;
      continue;
    }
    if (quantifier) quantifiedInside = true;
  }
  return false;
}
