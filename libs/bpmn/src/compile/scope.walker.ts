import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef, ScopeDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { compileFlowNode } from './flow-node.compiler';

/** What walking a process yields: its flow nodes and scopes, and the connections still to resolve. */
export interface WalkedProcess {
  elements: Record<string, ElementDef>;
  scopes: Record<string, ScopeDef>;
  sequenceFlows: ModdleElement[];
  associations: ModdleElement[];
}

/** Data and artifacts carry no tokens; they are skipped without a problem. */
const PASSIVE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/**
 * Walks a process and its (event) subprocesses depth first, compiling every flow node into
 * the scope it lives in and collecting sequence flows and associations of every level.
 */
export function walkProcess(process: ModdleElement, ctx: CompileContext): WalkedProcess {
  const walked: WalkedProcess = { elements: {}, scopes: {}, sequenceFlows: [], associations: [] };
  const unnamedFlows: ModdleElement[] = [];
  walkScope(process, undefined, false, walked, unnamedFlows, ctx);
  nameFlows(unnamedFlows, walked);
  return walked;
}

/**
 * Sequence flows without an id (valid for Camunda 7, which names them itself) get a stable one made
 * from their ends, `flow_<source>_<target>`, with `_2`, `_3`… when that is taken; the same document
 * always gives the same ids. They keep their place in the document (gateways try flows in that order).
 */
function nameFlows(flows: ModdleElement[], walked: WalkedProcess): void {
  const named = walked.sequenceFlows.filter((flow) => flow.id).map((flow) => flow.id!);
  const taken = new Set([...Object.keys(walked.elements), ...Object.keys(walked.scopes), ...named]);
  for (const flow of flows) {
    const base = `flow_${flow.sourceRef?.id ?? 'none'}_${flow.targetRef?.id ?? 'none'}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    flow.id = id;
  }
}

function walkScope(container: ModdleElement, parent: string | undefined, inEventSubprocess: boolean, walked: WalkedProcess, unnamedFlows: ModdleElement[], ctx: CompileContext): void {
  const scope: ScopeDef = { id: container.id!, children: [], eventStarts: [], eventSubprocesses: [] };
  if (parent !== undefined) scope.parent = parent;
  walked.scopes[scope.id] = scope;

  for (const artifact of container.artifacts ?? []) {
    if (artifact.$type === 'bpmn:Association') walked.associations.push(artifact);
  }
  for (const child of (container.flowElements ?? []) as ModdleElement[]) {
    if (child.$type === 'bpmn:SequenceFlow') {
      walked.sequenceFlows.push(child);
      if (!child.id) unnamedFlows.push(child);
      continue;
    }
    if (PASSIVE.has(child.$type)) continue;
    if (!child.id) {
      ctx.out.add('BPMN_INVALID_MODEL', child, `a flow node in "${scope.id}" has no id`);
      continue;
    }
    const def = compileFlowNode(child, scope.id, inEventSubprocess, ctx);
    if (!def) continue;
    walked.elements[def.id] = def;
    scope.children.push(def.id);
    if (def.type === 'subProcess') {
      if (def.triggeredByEvent) scope.eventSubprocesses.push(def.id);
      walkScope(child, scope.id, def.triggeredByEvent === true, walked, unnamedFlows, ctx);
    }
  }
}
