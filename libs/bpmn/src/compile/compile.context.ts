import type { ModdleElement } from 'bpmn-moddle';
import { checkFeel } from '../feel/check-feel.util';
import { feelSource } from '../feel/feel-source.util';
import type { ModdleDialect } from '../moddle/moddle-dialect.factory';
import { ProblemCollector } from './problem.collector';

/** What every element compiler shares: the problems found so far and the document's dialect. */
export class CompileContext {
  constructor(
    readonly out: ProblemCollector,
    readonly dialect: ModdleDialect,
    /** `definitions@expressionLanguage`, when the document sets it explicitly. */
    readonly documentLanguage?: string,
  ) {}

  /**
   * The FEEL body of an expression attribute, recording BPMN_INVALID_EXPRESSION on the element
   * when it does not parse. `what` names the attribute in the message.
   */
  feel(element: ModdleElement, raw: string | undefined, what: string): string | undefined {
    if (raw === undefined || raw === null) return undefined;
    const body = feelSource(String(raw));
    const error = checkFeel(body);
    if (error) this.out.add('BPMN_INVALID_EXPRESSION', element, `${what} "${String(raw).trim()}" is not valid FEEL: ${error}${juelHint(body)}`);
    return body;
  }

  unsupported(element: ModdleElement | { id?: string; $type?: string }, why: string): void {
    this.out.add('BPMN_UNSUPPORTED_ELEMENT', element, why);
  }
}

/** A hint for Camunda 7 JUEL written where FEEL is expected. */
function juelHint(body: string): string {
  return /==|&&|\|\||^\s*!|'/.test(body) ? ' (JUEL is not FEEL: write =, and, or, not(…), "text")' : '';
}
