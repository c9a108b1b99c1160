import type { ElementDef, ProcessModel } from '@tongban/bpmn';
import { EngineError } from '../engine.errors';
import type { ReturnTarget, ReturnTargetOptions } from '../engine.types';
import type { EngineState } from '../execution/engine-state';

/**
 * Where a case waiting at an element instance can be returned to (退回): the user tasks completed in
 * the same scope instance that lie on a path from the scope's start to the element, nearest first.
 * Walking back stops at the fork of the branch the element is in, and at a parallel or inclusive join
 * unless `allowAcrossJoin` (then the join's branches and what precedes its fork are reached too).
 */
export function returnTargets(model: ProcessModel, state: EngineState, key: string, options: ReturnTargetOptions = {}): ReturnTarget[] {
  let ei = state.els?.[key];
  if (!ei || key === state.rootKey) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${key}`);
  if (ei.inner && ei.parent && state.els[ei.parent]) ei = state.els[ei.parent];
  const scope = ei.parent ? state.els[ei.parent] : undefined;
  const done = new Set(scope?.doneTasks ?? []);
  const from = model.elements[ei.el];
  if (!from || done.size === 0) return [];
  const found: ReturnTarget[] = [];
  const seen = new Set<string>([`${from.id}:0`]);
  const queue: Array<{ el: ElementDef; depth: number }> = [{ el: from, depth: 0 }];
  while (queue.length > 0) {
    const { el, depth } = queue.shift() as { el: ElementDef; depth: number };
    for (const source of predecessors(model, el)) {
      const next = depthThrough(source, depth, options.allowAcrossJoin === true);
      if (next === undefined || seen.has(`${source.id}:${next}`)) continue;
      seen.add(`${source.id}:${next}`);
      if (source.type === 'userTask' && done.has(source.id) && source.id !== from.id && !found.some((t) => t.elementId === source.id)) {
        found.push(source.name ? { elementId: source.id, name: source.name } : { elementId: source.id });
      }
      queue.push({ el: source, depth: next });
    }
  }
  return found;
}

/** The elements a token reaches `el` from: flow sources, and the activity a boundary event is attached to. */
function predecessors(model: ProcessModel, el: ElementDef): ElementDef[] {
  if (el.type === 'boundaryEvent' && el.attachedTo) return [model.elements[el.attachedTo]].filter(Boolean);
  return el.incoming.map((f) => model.elements[model.flows[f]?.source]).filter(Boolean);
}

/**
 * The branch depth after walking back through `source`: passing a fork leaves a branch (at depth 0 it
 * is the element's own branch's fork, where the walk stops); passing a join enters its branches.
 */
function depthThrough(source: ElementDef, depth: number, allowAcrossJoin: boolean): number | undefined {
  if (source.type !== 'parallelGateway' && source.type !== 'inclusiveGateway') return depth;
  let d = depth;
  if (source.outgoing.length > 1) {
    if (d === 0) return undefined;
    d--;
  }
  if (source.incoming.length > 1) {
    if (!allowAcrossJoin) return undefined;
    d++;
  }
  return d;
}
