import type { ParseWarning } from 'bpmn-moddle';
import type { ProblemCollector } from '../compile/problem.collector';
import { CAMUNDA_PROPERTIES_SHADOWED_BY_ZEEBE, CAMUNDA_URI } from '../moddle/moddle-dialect.factory';
import { NamespaceResolver } from './namespace.resolver';
import { SourceText } from './source-text.locator';

const UNPARSABLE = /^unparsable content <([^\s>/]+)/;
const NESTED = /nested error: (.*)$/m;
const UNRESOLVED = /^unresolved reference <([^>]*)>/;
const UNKNOWN_ATTRIBUTE = /^unknown attribute <([^>]*)>/;

/**
 * Turns bpmn-moddle's lenient parse warnings into refusals. Every warning about BPMN or a
 * namespace libs/bpmn reads refuses the document; content in vendor namespaces (Trisotech, W4,
 * Signavio, colour…) that the parser could not place is skipped with a note. Two unresolved
 * references are read as Camunda 7 reads them: an errorRef naming no `<error>` is the error code,
 * and diagram interchange drawing an element the model lacks is a warning (nothing runs from it).
 */
export function classifyParseWarnings(warnings: ParseWarning[], xml: string, out: ProblemCollector): void {
  if (warnings.length === 0) return;
  const namespaces = new NamespaceResolver(xml);
  const source = new SourceText(xml);
  warnings.forEach((warning, index) => classifyOne(warning, index < LOCATED_WARNINGS ? source : undefined, namespaces, out));
}

/** Warnings beyond this many are reported without searching the text for their element. */
const LOCATED_WARNINGS = 100;

function classifyOne(warning: ParseWarning, source: SourceText | undefined, namespaces: NamespaceResolver, out: ProblemCollector): void {
  const message = warning.message.split('\n')[0];

  // 1. unresolved references: vendor placeholders are notes, sequence-flow ends are dangling
  const unresolved = UNRESOLVED.exec(message);
  if (unresolved && warning.element) {
    const target = unresolved[1];
    if (namespaces.isForeignPrefixed(target)) {
      out.note(`${warning.element.$type} "${warning.element.id}": vendor reference <${target}> ignored`);
    } else if (warning.element.$type === 'bpmn:ErrorEventDefinition' && localName(warning.property) === 'errorRef') {
      // Camunda 7 reads an errorRef naming no <error> as the error code itself
      warning.element.errorRef = { $type: 'bpmn:Error', id: target, errorCode: target };
      out.note(`${warning.element.$type}${warning.element.id ? ` "${warning.element.id}"` : ''}: errorRef "${target}" names no <error>; "${target}" is the error code`);
    } else if (warning.element.$type.startsWith('bpmndi:')) {
      out.warn(`${warning.element.$type} "${warning.element.id ?? ''}": the diagram draws "${target}", which is not an element of the model; the drawing is ignored`);
    } else if (warning.element.$type === 'bpmn:SequenceFlow') {
      out.add('BPMN_DANGLING_REFERENCE', warning.element, `${localName(warning.property)} "${target}" names no element`);
    } else {
      out.add('BPMN_PARSE_WARNING', warning.element, `${localName(warning.property)} "${target}" names no element`);
    }
    return;
  }

  // 2. content the parser could not place: duplicate ids, unknown elements
  const unparsable = UNPARSABLE.exec(message);
  if (unparsable) {
    const tag = unparsable[1];
    const nested = NESTED.exec(warning.message)?.[1] ?? '';
    const located = source?.elementAt(tag, warning.message);
    const duplicate = /duplicate ID <([^>]*)>/.exec(nested);
    if (duplicate) {
      out.add('BPMN_DUPLICATE_ID', { id: duplicate[1], $type: tag }, `id "${duplicate[1]}" is used more than once`);
    } else if (namespaces.isForeign(tag)) {
      out.note(`vendor element <${tag}>${located ? ` in ${located.tag} "${located.id}"` : ''} ignored`);
    } else if (located && located.tag !== tag) {
      out.add('BPMN_PARSE_WARNING', { id: located.id, $type: located.tag }, `contains <${tag}>, which is not understood (${nested || message})`);
    } else {
      out.add('BPMN_PARSE_WARNING', { id: located?.id, $type: tag }, `not understood (${nested || message})`);
    }
    return;
  }

  // 3. attributes: vendor ones, and camunda ones that zeebe's namesakes shadow, are notes
  const attribute = UNKNOWN_ATTRIBUTE.exec(message)?.[1];
  if (attribute && (namespaces.isForeignPrefixed(attribute) || isShadowed(attribute, namespaces))) {
    out.note(`${warning.element?.$type ?? 'element'} "${warning.element?.id ?? ''}": attribute ${attribute} ignored`);
    return;
  }

  // 4. anything else (unknown BPMN attributes, bad values): refuse, naming the element if known
  out.add('BPMN_PARSE_WARNING', warning.element, message);
}

function isShadowed(attribute: string, namespaces: NamespaceResolver): boolean {
  return namespaces.uriOf(attribute) === CAMUNDA_URI && CAMUNDA_PROPERTIES_SHADOWED_BY_ZEEBE.has(attribute.replace(/^.*:/, ''));
}

function localName(property: string | undefined): string {
  return property ? property.replace(/^.*:/, '') : 'reference';
}
