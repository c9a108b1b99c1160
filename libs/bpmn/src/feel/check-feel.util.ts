import { parseExpression } from '@bpmn-io/feelin';
import { FEEL_EXTENSION_FUNCTIONS } from './feel-extension-functions';

/** The names the parser must know (functions with spaces in their names). */
const KNOWN_NAMES: Record<string, unknown> = Object.fromEntries(FEEL_EXTENSION_FUNCTIONS.map((name) => [name, () => null]));

/**
 * The syntax error of a FEEL expression (its body, without `=` or `${…}`), or undefined
 * when it parses. Nothing is evaluated. A comparison whose right side is itself a unary test
 * (`a == 1` read as `a = (= 1)`, `a > > 1`) parses in feelin but gives null at run time; it is
 * reported as an error too, found in the parse tree.
 */
export function checkFeel(expression: string): string | undefined {
  if (expression.trim() === '') return 'empty expression';
  let errorAt: number | undefined;
  let unaryTest: { from: number; to: number; comparison: string } | undefined;
  try {
    parseExpression(expression, KNOWN_NAMES, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt === undefined) errorAt = node.from;
        if (node.name === 'SimplePositiveUnaryTest' && node.node.parent?.name === 'Comparison' && unaryTest === undefined) {
          const comparison = node.node.parent;
          unaryTest = { from: comparison.from, to: comparison.to, comparison: expression.slice(comparison.from, comparison.to) };
        }
        return errorAt === undefined;
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  if (errorAt !== undefined) return `FEEL syntax error at position ${errorAt}: "${expression.slice(Math.max(0, errorAt - 10), errorAt + 10)}"`;
  if (unaryTest) {
    return `"${unaryTest.comparison}" (position ${unaryTest.from}) compares with a unary test, two comparison operators in a row, which gives null when run (FEEL has no ==; write a = b)`;
  }
  return undefined;
}
