import { CatalogError } from '../catalog.errors';
import type { BundleDefinition, ServiceItem } from '../catalog/catalog.types';

/** Bundle codes become part of the process id `bundle-<code>`, so they must be XML-name safe. */
const BUNDLE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Why one item of a bundle waits for another. */
export interface BundleEdge {
  /** The item that must be done first. */
  from: string;
  /** The item that waits. */
  to: string;
  /** `certificate`: a material of `to` is satisfied by the result certificate of `from`. */
  reason: 'certificate' | 'explicit';
  certificateType?: string;
}

/** A bundle with its items resolved and ordered by their dependencies. */
export interface ComposedBundle {
  code: string;
  name: string;
  /** The items in bundle-definition order. */
  items: ServiceItem[];
  edges: BundleEdge[];
  /** Items grouped by depth: layer 0 needs no other item; layer n waits for something in layer n-1. */
  layers: string[][];
}

function certificateEdges(items: ServiceItem[]): BundleEdge[] {
  const edges: BundleEdge[] = [];
  for (const to of items) {
    for (const from of items) {
      if (from === to || !from.result) continue;
      if (to.materials.some((m) => m.satisfiedBy === from.result)) {
        edges.push({ from: from.code, to: to.code, reason: 'certificate', certificateType: from.result });
      }
    }
  }
  return edges;
}

/** Finds one cycle among `codes` (all of which lie on or lead into a cycle) and returns it in order. */
function findCycle(codes: string[], edges: BundleEdge[]): string[] {
  const next = (c: string) => edges.filter((e) => e.from === c && codes.includes(e.to)).map((e) => e.to);
  const path: string[] = [];
  let current = codes[0];
  while (!path.includes(current)) {
    path.push(current);
    current = next(current)[0];
  }
  return path.slice(path.indexOf(current));
}

/** Kahn's algorithm by longest path; throws `BUNDLE_CYCLE` naming the items of a cycle. */
function layersOf(codes: string[], edges: BundleEdge[]): string[][] {
  const depth = new Map<string, number>();
  const waiting = new Map(codes.map((c) => [c, edges.filter((e) => e.to === c).length]));
  let ready = codes.filter((c) => waiting.get(c) === 0);
  ready.forEach((c) => depth.set(c, 0));
  while (ready.length > 0) {
    const nextReady: string[] = [];
    for (const c of ready) {
      for (const e of edges.filter((x) => x.from === c)) {
        depth.set(e.to, Math.max(depth.get(e.to) ?? 0, depth.get(c)! + 1));
        waiting.set(e.to, waiting.get(e.to)! - 1);
        if (waiting.get(e.to) === 0) nextReady.push(e.to);
      }
    }
    ready = nextReady;
  }
  const stuck = codes.filter((c) => waiting.get(c)! > 0);
  if (stuck.length > 0) {
    const cycle = findCycle(stuck, edges);
    throw new CatalogError('BUNDLE_CYCLE', `Items wait for each other in a circle: ${[...cycle, cycle[0]].join(' -> ')}`, { items: cycle });
  }
  const layers: string[][] = [];
  for (const c of codes) (layers[depth.get(c)!] ??= []).push(c);
  return layers;
}

/**
 * Resolves a bundle definition against the catalogue's items and orders them: item B waits for
 * item A when one of B's materials is satisfied by A's result certificate, or when the definition
 * says so (`dependsOn`). Items with nothing to wait for run in parallel.
 */
export function composeBundle(definition: BundleDefinition, catalogItems: ServiceItem[]): ComposedBundle {
  if (!BUNDLE_CODE.test(definition.code)) {
    throw new CatalogError('BUNDLE_INVALID', `Bundle code "${definition.code}" must be letters, digits, '-', '_' or '.' (it names the BPMN process)`, { bundle: definition.code });
  }
  if (definition.items.length === 0) throw new CatalogError('BUNDLE_INVALID', `Bundle ${definition.code} has no items`, { bundle: definition.code });
  const duplicate = definition.items.find((c, i) => definition.items.indexOf(c) !== i);
  if (duplicate) throw new CatalogError('BUNDLE_INVALID', `Bundle ${definition.code} lists item ${duplicate} twice`, { bundle: definition.code, item: duplicate });
  const byCode = new Map(catalogItems.map((i) => [i.code, i]));
  const unknown = definition.items.filter((c) => !byCode.has(c));
  if (unknown.length > 0) {
    throw new CatalogError('CATALOG_UNKNOWN_REFERENCE', `Bundle ${definition.code} names unknown item(s) ${unknown.join(', ')}`, { bundle: definition.code, items: unknown });
  }
  const items = definition.items.map((c) => byCode.get(c)!);
  const edges = certificateEdges(items);
  for (const d of definition.dependsOn ?? []) {
    if (!definition.items.includes(d.item) || !definition.items.includes(d.on) || d.item === d.on) {
      throw new CatalogError('BUNDLE_INVALID', `Bundle ${definition.code}: dependency of ${d.item} on ${d.on} must join two different items of the bundle`, { bundle: definition.code, dependency: d });
    }
    if (!edges.some((e) => e.from === d.on && e.to === d.item)) edges.push({ from: d.on, to: d.item, reason: 'explicit' });
  }
  return { code: definition.code, name: definition.name, items, edges, layers: layersOf(definition.items, edges) };
}

/** The items `code` waits for directly. */
export function predecessorsOf(bundle: ComposedBundle, code: string): string[] {
  return bundle.edges.filter((e) => e.to === code).map((e) => e.from);
}

/** Every item `code` waits for, directly or through others. */
export function ancestorsOf(bundle: ComposedBundle, code: string): Set<string> {
  const seen = new Set<string>();
  const visit = (c: string) => predecessorsOf(bundle, c).forEach((p) => {
    if (!seen.has(p)) {
      seen.add(p);
      visit(p);
    }
  });
  visit(code);
  return seen;
}
