import type { ModdleObject } from '../bpmn-objects';

/** How one element differs between two versions of a process. */
export interface VersionDiff {
  added: string[];
  removed: { id: string; type: string; name?: string }[];
  changed: string[];
}

interface ModdleLike {
  fromXML(xml: string): Promise<{ rootElement: ModdleObject }>;
}

const SKIPPED = new Set(['$parent', 'incoming', 'outgoing', 'flowElements', 'di', 'sourceRef', 'targetRef', 'attachedToRef', 'default', 'extensionElements', 'lanes', 'laneSets']);

/**
 * Compares the flow elements of two BPMN documents by id: added (only in `next`), removed (only in
 * `previous`) and changed (same id, other type, attributes, references or extension elements).
 */
export async function diffVersions(moddle: ModdleLike, previousXml: string, nextXml: string): Promise<VersionDiff> {
  const [previous, next] = await Promise.all([elementsOf(moddle, previousXml), elementsOf(moddle, nextXml)]);
  const added = [...next.keys()].filter((id) => !previous.has(id));
  const removed = [...previous.entries()].filter(([id]) => !next.has(id)).map(([id, element]) => ({ id, type: element.$type, name: element.name }));
  const changed = [...next.keys()].filter((id) => previous.has(id) && signature(previous.get(id)!) !== signature(next.get(id)!));
  return { added, removed, changed };
}

async function elementsOf(moddle: ModdleLike, xml: string): Promise<Map<string, ModdleObject>> {
  const { rootElement } = await moddle.fromXML(xml);
  const elements = new Map<string, ModdleObject>();
  const visit = (container: ModdleObject) => {
    for (const element of container.flowElements ?? []) {
      if (element.id) elements.set(element.id, element);
      visit(element);
    }
  };
  for (const root of rootElements(rootElement)) visit(root);
  return elements;
}

function rootElements(definitions: ModdleObject): ModdleObject[] {
  return (definitions.rootElements ?? []).filter((root: ModdleObject) => root.$type === 'bpmn:Process');
}

/** A stable text of an element: its type, own attributes, references by id and extension elements. */
function signature(element: ModdleObject): string {
  const parts: Record<string, unknown> = { $type: element.$type, attrs: element.$attrs ?? {} };
  for (const [key, value] of Object.entries(element)) {
    if (SKIPPED.has(key) || key.startsWith('$')) continue;
    parts[key] = plain(value);
  }
  parts.sourceRef = element.sourceRef?.id;
  parts.targetRef = element.targetRef?.id;
  parts.attachedToRef = element.attachedToRef?.id;
  parts.extensionElements = plain(element.extensionElements);
  return JSON.stringify(parts);
}

function plain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return undefined;
  if (Array.isArray(value)) return value.map((entry) => plain(entry, depth + 1));
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = { $type: object.$type, attrs: object.$attrs };
  for (const [key, entry] of Object.entries(object)) {
    if (key.startsWith('$') || SKIPPED.has(key)) continue;
    out[key] = entry && typeof entry === 'object' && 'id' in (entry as object) && '$type' in (entry as object) && depth > 0 ? (entry as { id: string }).id : plain(entry, depth + 1);
  }
  return out;
}
