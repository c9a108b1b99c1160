import { parseExpression } from '@bpmn-io/feelin';
import { FEEL_EXTENSION_FUNCTIONS } from './feel-extension-functions';

/** The names the parser must know (functions with spaces in their names). */
const KNOWN_NAMES: Record<string, unknown> = Object.fromEntries(FEEL_EXTENSION_FUNCTIONS.map((name) => [name, () => null]));

/**
 * The syntax error of a FEEL expression (its body, without `=` or `${…}`), or undefined
 * when it parses. Nothing is evaluated.
 */
export function checkFeel(expression: string): string | undefined {
  if (expression.trim() === '') return 'empty expression';
  let errorAt: number | undefined;
  try {
    parseExpression(expression, KNOWN_NAMES, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt === undefined) errorAt = node.from;
        return errorAt === undefined;
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  if (errorAt === undefined) return undefined;
  return `FEEL syntax error at position ${errorAt}: "${expression.slice(Math.max(0, errorAt - 10), errorAt + 10)}"`;
}
