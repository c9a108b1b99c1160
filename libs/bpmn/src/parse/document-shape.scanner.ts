import bpmnDescriptor from 'bpmn-moddle/resources/bpmn/json/bpmn.json';
import bpmndiDescriptor from 'bpmn-moddle/resources/bpmn/json/bpmndi.json';
import dcDescriptor from 'bpmn-moddle/resources/bpmn/json/dc.json';
import diDescriptor from 'bpmn-moddle/resources/bpmn/json/di.json';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import tongbanDescriptor from '../moddle/tongban.json';
import { NamespaceResolver } from './namespace.resolver';

/**
 * bpmn-moddle locates every parse warning by rescanning the document from its start, so a
 * document made of thousands of bad elements takes minutes to parse. Before parsing, count
 * what would become warnings (elements of a known namespace with an unknown name, vendor
 * elements outside extensionElements, duplicate ids) in one linear pass; a document with more
 * than MAX_PARSE_WARNINGS of them is refused unparsed.
 */
export const MAX_PARSE_WARNINGS = 200;

interface Descriptor {
  uri: string;
  types: Array<{ name: string; properties?: Array<{ name: string }> }>;
}

const KNOWN_NAMES = new Map<string, Set<string>>(
  ([bpmnDescriptor, bpmndiDescriptor, dcDescriptor, diDescriptor, zeebeDescriptor, camundaDescriptor, tongbanDescriptor] as Descriptor[]).map(
    (descriptor) => [descriptor.uri, namesOf(descriptor)],
  ),
);

const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
const TAG = /<(\/?)([\w.:-]+)([^>]*?)(\/?)>/g;
const ID = /\sid\s*=\s*["']([^"']*)["']/;

/** How many parse warnings the document would produce at least (stops counting past the limit). */
export function countLikelyParseWarnings(xml: string): number {
  const namespaces = new NamespaceResolver(xml);
  const ids = new Set<string>();
  const open: boolean[] = [];
  let count = 0;
  for (const [, closing, name, attributes, selfClosing] of xml.replace(MARKUP, '').matchAll(TAG)) {
    if (closing) {
      open.pop();
      continue;
    }
    const inExtension = open.length > 0 && open[open.length - 1];
    if (!inExtension && isUnknown(name, namespaces)) count++;
    const id = ID.exec(attributes)?.[1];
    if (!inExtension && id !== undefined) {
      if (ids.has(id)) count++;
      ids.add(id);
    }
    if (count > MAX_PARSE_WARNINGS) return count;
    if (!selfClosing) open.push(inExtension || localName(name) === 'extensionElements');
  }
  return count;
}

function isUnknown(name: string, namespaces: NamespaceResolver): boolean {
  const uri = namespaces.uriOf(name);
  if (uri === undefined) return false;
  const known = KNOWN_NAMES.get(uri);
  return known ? !known.has(localName(name)) : true;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function namesOf(descriptor: Descriptor): Set<string> {
  const names = new Set<string>();
  for (const type of descriptor.types) {
    names.add(type.name);
    names.add(type.name.charAt(0).toLowerCase() + type.name.slice(1));
    for (const property of type.properties ?? []) names.add(property.name);
  }
  return names;
}
