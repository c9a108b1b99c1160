import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../feel/feel-source.util';

const FEEL = /feel/i;
const CAMUNDA_7 = /juel/i;

/**
 * The language a `bpmn:FormalExpression` is written in, when it is not FEEL; undefined when it
 * is read as FEEL. Camunda 7 `${…}` and Camunda 8 `=…` bodies are FEEL whatever the document
 * declares (modelers leave the BPMN default behind); an unwrapped body follows the expression's
 * own `language`, else a `definitions@expressionLanguage` the document sets explicitly.
 */
export function foreignLanguageOf(expression: ModdleElement, body: string, documentLanguage: string | undefined): string | undefined {
  const own = Object.prototype.hasOwnProperty.call(expression, 'language') ? String(expression.language ?? '') : '';
  const wrapped = isExpression(body);
  if (own !== '') {
    if (FEEL.test(own) || (wrapped && CAMUNDA_7.test(own))) return undefined;
    return own;
  }
  if (wrapped || documentLanguage === undefined || FEEL.test(documentLanguage)) return undefined;
  return documentLanguage;
}

/** The expression language a definitions element declares explicitly (not the BPMN default XPath). */
export function documentLanguageOf(definitions: ModdleElement): string | undefined {
  return Object.prototype.hasOwnProperty.call(definitions, 'expressionLanguage') ? String(definitions.expressionLanguage) : undefined;
}
