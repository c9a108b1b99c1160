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
 * document made of thousands of bad elements takes minutes to parse; and a document nested
 * thousands of levels deep exhausts the stack. Before parsing, one linear pass counts what would
 * become warnings (elements of a known namespace with an unknown name, vendor elements outside
 * extensionElements, duplicate ids) and measures the nesting depth.
 */
export const MAX_PARSE_WARNINGS = 200;
export const MAX_NESTING_DEPTH = 256;

/** What the linear pass found; counting stops once a limit is passed. */
export interface DocumentShape {
  likelyWarnings: number;
  depth: number;
}

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

export function scanDocumentShape(xml: string): DocumentShape {
  const namespaces = new NamespaceResolver(xml);
  const ids = new Set<string>();
  const open: boolean[] = [];
  let count = 0;
  let depth = 0;
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
    if (!selfClosing) open.push(inExtension || localName(name) === 'extensionElements');
    depth = Math.max(depth, open.length);
    if (count > MAX_PARSE_WARNINGS || depth > MAX_NESTING_DEPTH) break;
  }
  return { likelyWarnings: count, depth };
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
