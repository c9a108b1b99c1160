import { JUEL_WORD_OPERATORS, JuelBinaryOp, JuelNode } from './juel-ast.model';
import { JuelRefusal } from './juel-refusal.error';
import { JuelToken, tokenizeJuel } from './juel-token.lexer';

/** Binary operator levels, loosest first (EL 2.2 section 1.15). */
const LEVELS: JuelBinaryOp[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

/**
 * Camunda 7's implicit objects and context functions: they are Java objects of the engine,
 * which Tongban does not have, so an expression reading them is refused.
 */
const ENGINE_OBJECTS = new Set(['execution', 'task', 'externalTask', 'caseExecution', 'variableScope', 'authenticatedUserId', 'connector', 'processEngine', 'processEngineServices']);

/**
 * Parses the body of one JUEL expression (`${…}` without its marker) into a JuelNode.
 * A recursive-descent parser over the EL 2.2 grammar; method and function calls, the engine's
 * implicit objects, dynamic subscripts and anything else outside the subset throw a JuelRefusal.
 */
export function parseJuel(body: string): JuelNode {
  const parser = new Parser(tokenizeJuel(body));
  const node = parser.expression();
  parser.expectEnd();
  return node;
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: JuelToken[]) {}

  /** expression := or ( '?' expression ':' expression )? */
  expression(): JuelNode {
    const test = this.binary(0);
    if (!this.accept('?')) return test;
    const then = this.expression();
    this.expect(':');
    return { kind: 'conditional', test, then, else: this.expression() };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new JuelRefusal(`has ${describe(token)} where the expression should end`);
  }

  private binary(level: number): JuelNode {
    if (level === LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.operatorAt(level);
      if (!op) return left;
      this.at++;
      left = { kind: 'binary', op, left, right: this.binary(level + 1) };
    }
  }

  private operatorAt(level: number): JuelBinaryOp | undefined {
    const token = this.peek();
    const op = token.kind === 'punct' ? (token.value as JuelBinaryOp) : token.kind === 'keyword' ? JUEL_WORD_OPERATORS[token.value] : undefined;
    return op !== undefined && LEVELS[level].includes(op) ? op : undefined;
  }

  /** unary := ('-' | '!' | 'not' | 'empty') unary | value */
  private unary(): JuelNode {
    const token = this.peek();
    if (token.kind === 'punct' && (token.value === '-' || token.value === '!')) {
      this.at++;
      const operand = this.unary();
      if (token.value === '-' && operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value };
      return { kind: 'unary', op: token.value, operand };
    }
    if (token.kind === 'keyword' && (token.value === 'not' || token.value === 'empty')) {
      this.at++;
      return { kind: 'unary', op: token.value === 'not' ? '!' : 'empty', operand: this.unary() };
    }
    return this.value();
  }

  /** value := primary ( '.' name | '[' literal ']' )*; a '(' after a property is a method call. */
  private value(): JuelNode {
    let node = this.primary();
    for (;;) {
      if (this.accept('.')) {
        const property = this.next();
        if (property.kind !== 'name' && property.kind !== 'keyword') throw new JuelRefusal(`has ${describe(property)} after "."`);
        if (this.peekPunct('(')) throw new JuelRefusal(`calls a method (${pathOf(node)}.${property.value}), which Tongban does not run`);
        node = { kind: 'member', object: node, property: property.value };
      } else if (this.accept('[')) {
        node = this.subscript(node);
      } else if (this.peekPunct('(')) {
        throw new JuelRefusal(`calls a method (${pathOf(node)}), which Tongban does not run`);
      } else {
        const root = rootOf(node);
        if (ENGINE_OBJECTS.has(root)) throw new JuelRefusal(`reads ${root}, an object of the Camunda 7 engine, which Tongban does not have`);
        return node;
      }
    }
  }

  /** `a['b']` is a property; `a[0]` a list index; a computed subscript cannot be typed here. */
  private subscript(object: JuelNode): JuelNode {
    const key = this.expression();
    this.expect(']');
    if (key.kind === 'literal' && typeof key.value === 'string') return { kind: 'member', object, property: key.value };
    if (key.kind === 'literal' && typeof key.value === 'number' && Number.isInteger(key.value) && key.value >= 0) return { kind: 'index', object, index: key.value };
    throw new JuelRefusal(`uses a computed subscript (${pathOf(object)}[…]); only a quoted property name or a whole number is translated`);
  }

  private primary(): JuelNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
        if (token.value === 'null') return { kind: 'literal', value: null };
        throw new JuelRefusal(`has the operator "${token.value}" where a value should be`);
      case 'name':
        return this.name(token.value);
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        throw new JuelRefusal(`has "${token.value}" where a value should be`);
      default:
        throw new JuelRefusal('ends where a value should be');
    }
  }

  private name(name: string): JuelNode {
    if (this.peekPunct(':') && this.tokens[this.at + 1]?.kind === 'name' && this.tokens[this.at + 2]?.kind === 'punct' && (this.tokens[this.at + 2] as { value: string }).value === '(') {
      throw new JuelRefusal(`calls a function (${name}:${(this.tokens[this.at + 1] as { value: string }).value}), which Tongban does not run`);
    }
    if (this.peekPunct('(')) throw new JuelRefusal(`calls a function (${name}), which Tongban does not run`);
    return { kind: 'name', name };
  }

  private peek(): JuelToken {
    return this.tokens[this.at];
  }

  private next(): JuelToken {
    const token = this.tokens[this.at];
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private peekPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private accept(value: string): boolean {
    if (!this.peekPunct(value)) return false;
    this.at++;
    return true;
  }

  private expect(value: string): void {
    if (!this.accept(value)) throw new JuelRefusal(`has ${describe(this.peek())} where "${value}" should be`);
  }
}

function describe(token: JuelToken): string {
  if (token.kind === 'end') return 'nothing';
  if (token.kind === 'string') return `'${token.value}'`;
  if (token.kind === 'number') return token.text;
  return `"${token.value}"`;
}

/** The variable a property path starts from (`order` of `order.customer.name`). */
function rootOf(node: JuelNode): string {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'member' || node.kind === 'index') return rootOf(node.object);
  return '';
}

/** `order.customer` for the message of a refused call. */
function pathOf(node: JuelNode): string {
  if (node.kind === 'name') return node.name;
  if (node.kind === 'member') return `${pathOf(node.object)}.${node.property}`;
  if (node.kind === 'index') return `${pathOf(node.object)}[${node.index}]`;
  return '(…)';
}
