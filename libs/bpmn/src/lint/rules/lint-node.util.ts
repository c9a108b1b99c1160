import type { LintNode } from '../lint.types';

const TONGBAN_URI = 'http://tongban.dev/schema/bpmn';

/** Whether a node is of a BPMN type (`bpmn:UserTask`) or a subtype of it, as moddle knows it. */
export function isType(node: LintNode | undefined, type: string): boolean {
  if (!node) return false;
  const described = (node as { $instanceOf?: (t: string) => boolean }).$instanceOf;
  return typeof described === 'function' ? described.call(node, type) : node.$type === type;
}

/** A `tongban:` attribute of a node, trimmed; undefined when unset or blank. */
export function tongbanAttribute(node: LintNode, name: string): string | undefined {
  let value: unknown;
  try {
    value = node.get?.(`tongban:${name}`);
  } catch {
    value = undefined;
  }
  if (value === undefined || value === null) value = attributeByUri(node, name);
  const text = typeof value === 'string' ? value.trim() : undefined;
  return text ? text : undefined;
}

/** A comma-separated `tongban:` list attribute. */
export function tongbanList(node: LintNode, name: string): string[] {
  return (tongbanAttribute(node, name) ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

/** The flow elements of a process or sub-process, nested sub-processes included. */
export function flowElementsOf(container: LintNode): LintNode[] {
  const own: LintNode[] = container.flowElements ?? [];
  return own.flatMap((element) => [element, ...(isType(element, 'bpmn:SubProcess') ? flowElementsOf(element) : [])]);
}

/** Ids of the nodes reachable from `start` along sequence flows (start excluded unless on a cycle). */
export function reachableFrom(start: LintNode): Set<string> {
  const seen = new Set<string>();
  const queue: LintNode[] = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const flow of (node.outgoing ?? []) as LintNode[]) {
      const target = flow.targetRef as LintNode | undefined;
      if (target?.id && !seen.has(target.id)) {
        seen.add(target.id);
        queue.push(target);
      }
    }
  }
  return seen;
}

function attributeByUri(node: LintNode, name: string): unknown {
  const attrs = node.$attrs ?? {};
  const prefixes = Object.entries(attrs)
    .filter(([key, uri]) => key.startsWith('xmlns:') && uri === TONGBAN_URI)
    .map(([key]) => key.slice('xmlns:'.length));
  for (const prefix of ['tongban', ...prefixes]) if (attrs[`${prefix}:${name}`] !== undefined) return attrs[`${prefix}:${name}`];
  return undefined;
}
