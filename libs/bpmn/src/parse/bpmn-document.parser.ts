import type { ModdleElement } from 'bpmn-moddle';
import type { ProblemCollector } from '../compile/problem.collector';
import { dialectOf, moddleFor, ModdleDialect } from '../moddle/moddle-dialect.factory';
import { normalizeAttributeWhitespace } from './attribute-whitespace.normalizer';
import { decodeBpmnSource } from './bpmn-source.decoder';
import { classifyParseWarnings } from './parse-warning.classifier';
import { MAX_NESTING_DEPTH, MAX_PARSE_WARNINGS, scanDocumentShape } from './document-shape.scanner';

/** Largest BPMN document accepted; parsing is synchronous, so the size is capped before it starts. */
export const MAX_BPMN_BYTES = 10 * 1024 * 1024;

export interface ParsedDocument {
  definitions: ModdleElement;
  dialect: ModdleDialect;
  elementsById: Record<string, ModdleElement>;
}

/**
 * Reads a BPMN document into moddle objects. Fatal refusals (too large, DOCTYPE, not BPMN)
 * end reading; parse warnings are collected as problems and reading goes on.
 */
export async function parseBpmnDocument(input: string | Buffer, out: ProblemCollector): Promise<ParsedDocument | undefined> {
  // 1. size, before anything else touches the input
  const bytes = Buffer.isBuffer(input) ? input.length : Buffer.byteLength(input, 'utf8');
  if (bytes > MAX_BPMN_BYTES) {
    out.add('BPMN_TOO_LARGE', undefined, `document is ${bytes} bytes; at most ${MAX_BPMN_BYTES} are accepted`);
    return undefined;
  }

  // 2. text, and no document type declarations (no entity tricks); attributes as XML Schema reads them
  const xml = normalizeAttributeWhitespace(decodeBpmnSource(input));
  if (/<!DOCTYPE/i.test(xml)) {
    out.add('BPMN_DOCTYPE', undefined, 'document type declarations (<!DOCTYPE>) are not accepted');
    return undefined;
  }

  // 3. not thousands of bad elements (bpmn-moddle's cost grows with their square), not too deep
  const shape = scanDocumentShape(xml);
  if (shape.depth > MAX_NESTING_DEPTH) {
    out.add('BPMN_TOO_LARGE', undefined, `elements are nested more than ${MAX_NESTING_DEPTH} levels deep`);
    return undefined;
  }
  if (shape.likelyWarnings > MAX_PARSE_WARNINGS) {
    out.add('BPMN_PARSE_WARNING', undefined, `more than ${MAX_PARSE_WARNINGS} unknown elements or duplicate ids; the document is refused without parsing it`);
    return undefined;
  }

  // 4. parse with the dialect the document declares
  const dialect = dialectOf(xml);
  let result;
  try {
    result = await moddleFor(dialect).fromXML(xml);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    out.add('BPMN_NOT_XML', undefined, `not a BPMN 2.0 definitions document (${reason})`);
    return undefined;
  }
  if (!result.rootElement || result.rootElement.$type !== 'bpmn:Definitions') {
    out.add('BPMN_NOT_XML', undefined, 'not a BPMN 2.0 definitions document');
    return undefined;
  }

  // 5. every warning is a refusal unless it concerns a vendor namespace
  classifyParseWarnings(result.warnings, xml, out);
  return { definitions: result.rootElement, dialect, elementsById: result.elementsById };
}
