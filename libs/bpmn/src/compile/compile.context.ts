import type { ModdleElement } from 'bpmn-moddle';
import { checkFeel } from '../feel/check-feel.util';
import { feelSource } from '../feel/feel-source.util';
import { hasJuel, translateJuel } from '../juel/juel-text.translator';
import type { ModdleDialect } from '../moddle/moddle-dialect.factory';
import { ProblemCollector } from './problem.collector';

/** The longest expression (FEEL or Camunda 7 text) a model may carry: longer ones are refused at deploy. */
export const MAX_EXPRESSION_LENGTH = 8192;

/** An expression as error messages quote it: never more than 200 characters of it. */
function excerpt(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}… (${text.length} characters)`;
}

/** What every element compiler shares: the problems found so far and the document's dialect. */
export class CompileContext {
  constructor(
    readonly out: ProblemCollector,
    readonly dialect: ModdleDialect,
    /** `definitions@expressionLanguage`, when the document sets it explicitly. */
    readonly documentLanguage?: string,
  ) {}

  /**
   * The FEEL body of an expression attribute. FEEL starts with `=` (its strings may hold `${`);
   * Camunda 7 text (`${…}`, `#{…}`, alone or within literal text) is translated from JUEL; a construct outside the translated subset is recorded
   * as BPMN_UNSUPPORTED_ELEMENT. FEEL (`=…`, or a bare body) that does not parse, or that parses
   * only as an accidental unary test, is recorded as BPMN_INVALID_EXPRESSION. `what` names the
   * attribute in the message.
   */
  feel(element: ModdleElement, raw: string | undefined, what: string): string | undefined {
    if (raw === undefined || raw === null) return undefined;
    const text = String(raw).trim();
    if (text.length > MAX_EXPRESSION_LENGTH) {
      this.out.add('BPMN_INVALID_EXPRESSION', element, `${what} has ${text.length} characters; an expression may have at most ${MAX_EXPRESSION_LENGTH}`);
      return undefined;
    }
    if (!text.startsWith('=') && hasJuel(text)) return this.juel(element, text, what);
    const body = feelSource(text);
    const error = checkFeel(body);
    if (error) this.out.add('BPMN_INVALID_EXPRESSION', element, `${what} "${excerpt(text)}" is not valid FEEL: ${error}${juelHint(body)}`);
    return body;
  }

  unsupported(element: ModdleElement | { id?: string; $type?: string }, why: string): void {
    this.out.add('BPMN_UNSUPPORTED_ELEMENT', element, why);
  }

  private juel(element: ModdleElement, text: string, what: string): string | undefined {
    const translation = translateJuel(text);
    if (!translation.ok) {
      this.unsupported(element, `${what}: the Camunda 7 expression "${text}" ${translation.construct}`);
      return undefined;
    }
    const error = checkFeel(translation.feel);
    if (error) {
      this.out.add('BPMN_INVALID_EXPRESSION', element, `${what}: the Camunda 7 expression "${text}" has no FEEL equivalent (${error})`);
      return undefined;
    }
    return translation.feel;
  }
}

/** A hint for Camunda 7 JUEL written where FEEL is expected. */
function juelHint(body: string): string {
  return /==|&&|\|\||^\s*!|'/.test(body) ? ' (JUEL is not FEEL: write =, and, or, not(…), "text"; or wrap Camunda 7 JUEL in ${…})' : '';
}
