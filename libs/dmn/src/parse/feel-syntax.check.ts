import { parseExpression, parseUnaryTests } from '@bpmn-io/feelin';

/** Checks the FEEL syntax of decision table cells without evaluating them. */

/** The syntax error of a FEEL expression, or undefined when it parses. */
export function expressionSyntaxError(text: string): string | undefined {
  return syntaxError(text, (source) => parseExpression(source, {}, undefined));
}

/** The syntax error of FEEL unary tests (an input entry), or undefined when they parse; `-` and empty match anything. */
export function unaryTestsSyntaxError(text: string): string | undefined {
  if (text.trim() === '' || text.trim() === '-') return undefined;
  return syntaxError(text, (source) => parseUnaryTests(source, {}, undefined));
}

function syntaxError(text: string, parse: (source: string) => ReturnType<typeof parseExpression>): string | undefined {
  let errorAt: number | undefined;
  try {
    parse(text).iterate({
      enter(node) {
        if (node.type.isError && errorAt === undefined) errorAt = node.from;
        return errorAt === undefined;
      },
    });
  } catch (error) {
    return (error as Error).message;
  }
  return errorAt === undefined ? undefined : `FEEL syntax error at position ${errorAt} in "${text}"`;
}
