import { CAMUNDA_URI, TONGBAN_URI, ZEEBE_URI } from '../moddle/moddle-dialect.factory';

/** Namespaces whose content libs/bpmn understands; a parse warning inside them refuses a document. */
export const KNOWN_URIS = new Set([
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  ZEEBE_URI,
  CAMUNDA_URI,
  TONGBAN_URI,
]);

/** The namespace prefixes a document declares (anywhere), `''` for the default namespace. */
export class NamespaceResolver {
  private readonly prefixes = new Map<string, string>();

  constructor(xml: string) {
    for (const match of xml.matchAll(/\sxmlns(?::([\w.-]+))?\s*=\s*["']([^"']*)["']/g)) {
      const prefix = match[1] ?? '';
      if (!this.prefixes.has(prefix)) this.prefixes.set(prefix, match[2]);
    }
  }

  /** The namespace URI of a qualified name such as `triso:unspecified` or `bpmn:task`. */
  uriOf(qualifiedName: string): string | undefined {
    const colon = qualifiedName.indexOf(':');
    return this.prefixes.get(colon < 0 ? '' : qualifiedName.slice(0, colon));
  }

  /** True when a qualified name belongs to a vendor namespace libs/bpmn does not interpret. */
  isForeign(qualifiedName: string): boolean {
    const uri = this.uriOf(qualifiedName);
    return uri !== undefined && !KNOWN_URIS.has(uri);
  }

  /** True when the name carries a prefix bound to a vendor namespace (a bare id is not foreign). */
  isForeignPrefixed(qualifiedName: string): boolean {
    return qualifiedName.includes(':') && this.isForeign(qualifiedName);
  }
}
