import type { ComposedBundle } from './compose-bundle';
import type { ProcessGraph, ProcessNode, ProcessNodeKind } from './bundle-process.graph';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Diagram interchange for a generated process: a shape per node, waypoints per flow. */
export interface ProcessLayout {
  shapes: Record<string, Bounds>;
  edges: Record<string, Point[]>;
}

const SIZE: Record<ProcessNodeKind, { width: number; height: number }> = {
  startEvent: { width: 36, height: 36 },
  endEvent: { width: 36, height: 36 },
  userTask: { width: 100, height: 80 },
  serviceTask: { width: 100, height: 80 },
  businessRuleTask: { width: 100, height: 80 },
  exclusiveGateway: { width: 50, height: 50 },
  parallelGateway: { width: 50, height: 50 },
};

/** Horizontal distance between layer centres; vertical distance between item rows. */
const COLUMN_WIDTH = 150;
const ROW_HEIGHT = 180;
/** How far under its row the rejection path runs and the rejection end sits. */
const BELOW_PATH = 70;
const BELOW_END = 100;
const MARGIN = 80;

/** Layer of each node: the longest path from the start (all generated flows point forward). */
function columnsOf(graph: ProcessGraph): Map<string, number> {
  const column = new Map<string, number>();
  const incoming = new Map(graph.nodes.map((n) => [n.id, graph.flows.filter((f) => f.target === n.id).length]));
  let ready = graph.nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  ready.forEach((id) => column.set(id, 0));
  while (ready.length > 0) {
    const next: string[] = [];
    for (const id of ready) {
      for (const f of graph.flows.filter((x) => x.source === id)) {
        column.set(f.target, Math.max(column.get(f.target) ?? 0, column.get(id)! + 1));
        incoming.set(f.target, incoming.get(f.target)! - 1);
        if (incoming.get(f.target) === 0) next.push(f.target);
      }
    }
    ready = next;
  }
  return column;
}

/** Vertical offset of each item's row: the items of a layer are stacked, centred on the main line. */
function rowOffsets(bundle: ComposedBundle): Map<string, number> {
  const offset = new Map<string, number>();
  for (const layer of bundle.layers) {
    layer.forEach((code, j) => offset.set(code, (j - (layer.length - 1) / 2) * ROW_HEIGHT));
  }
  return offset;
}

function centre(b: Bounds): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

function isGateway(node: ProcessNode): boolean {
  return node.kind === 'exclusiveGateway' || node.kind === 'parallelGateway';
}

/** Orthogonal waypoints from one shape to the next, leaving and entering gateways at a corner. */
function route(source: ProcessNode, s: Bounds, target: ProcessNode, t: Bounds, below: boolean): Point[] {
  const a = centre(s);
  const b = centre(t);
  if (below) {
    if (target.kind === 'endEvent') return [{ x: a.x, y: s.y + s.height }, { x: b.x, y: t.y }];
    const y = a.y + BELOW_PATH;
    return [{ x: a.x, y: s.y + s.height }, { x: a.x, y }, { x: b.x, y }, { x: b.x, y: t.y + t.height }];
  }
  if (a.y === b.y) return [{ x: s.x + s.width, y: a.y }, { x: t.x, y: b.y }];
  if (isGateway(source)) {
    return [{ x: a.x, y: b.y < a.y ? s.y : s.y + s.height }, { x: a.x, y: b.y }, { x: t.x, y: b.y }];
  }
  if (isGateway(target)) {
    return [{ x: s.x + s.width, y: a.y }, { x: b.x, y: a.y }, { x: b.x, y: a.y < b.y ? t.y : t.y + t.height }];
  }
  const mid = Math.round((s.x + s.width + t.x) / 2);
  return [{ x: s.x + s.width, y: a.y }, { x: mid, y: a.y }, { x: mid, y: b.y }, { x: t.x, y: b.y }];
}

/**
 * Lays a generated bundle process out left to right: one column per layer of the flow graph,
 * the items of a bundle layer stacked in rows, rejection paths under their row.
 */
export function layoutBundleProcess(graph: ProcessGraph, bundle: ComposedBundle): ProcessLayout {
  const column = columnsOf(graph);
  const row = rowOffsets(bundle);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rejectionSource = new Map(graph.flows.filter((f) => f.below).map((f) => [f.target, f.source]));

  const centres = new Map<string, Point>();
  for (const node of graph.nodes) {
    const y = node.item ? row.get(node.item)! : 0;
    if (node.below) {
      const from = centres.get(rejectionSource.get(node.id)!)!;
      centres.set(node.id, { x: from.x, y: from.y + BELOW_END });
    } else {
      centres.set(node.id, { x: column.get(node.id)! * COLUMN_WIDTH, y });
    }
  }
  const top = Math.min(...graph.nodes.map((n) => centres.get(n.id)!.y - SIZE[n.kind].height / 2));
  const shapes: Record<string, Bounds> = {};
  for (const node of graph.nodes) {
    const c = centres.get(node.id)!;
    const { width, height } = SIZE[node.kind];
    shapes[node.id] = { x: Math.round(MARGIN + c.x - width / 2 + 50), y: Math.round(MARGIN + c.y - top - height / 2), width, height };
  }
  const edges: Record<string, Point[]> = {};
  for (const f of graph.flows) {
    edges[f.id] = route(byId.get(f.source)!, shapes[f.source], byId.get(f.target)!, shapes[f.target], !!f.below);
  }
  return { shapes, edges };
}
