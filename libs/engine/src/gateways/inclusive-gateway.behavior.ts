import type { ElementDef } from '@tongban/bpmn';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { consumeArrivals, recordArrival } from './parallel-gateway.behavior';

/**
 * Inclusive gateway. Split: every outgoing flow whose condition is true (unconditional flows count as
 * true), else the default flow, else incident NO_MATCHING_FLOW. Join (OR-join): fires when no token
 * of the scope can still reach one of the incoming flows that has no token yet.
 */
export const inclusiveGatewayBehavior: ElementBehavior = {
  activate(run, ei, el) {
    const taken: string[] = [];
    for (const flowId of el.outgoing) {
      if (flowId === el.defaultFlow) continue;
      const condition = run.model.flows[flowId].condition;
      if (!condition) {
        taken.push(flowId);
        continue;
      }
      const result = run.condition(condition, ei.key);
      if (!result.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `flow ${flowId}: ${result.message}`, 'activate');
        return;
      }
      if (result.value === true) taken.push(flowId);
    }
    if (taken.length === 0 && el.defaultFlow) taken.push(el.defaultFlow);
    if (taken.length === 0 && el.outgoing.length > 0) {
      run.raiseIncident(ei, 'NO_MATCHING_FLOW', `no condition of gateway ${el.id} is true and it has no default flow`, 'activate');
      return;
    }
    run.complete(ei, undefined, { flows: taken });
  },
};

/** Records a token at an inclusive join; whether it fires is decided when the scope settles. */
export function arriveAtInclusiveJoin(run: Run, el: ElementDef, parent: string, flow: string): void {
  recordArrival(run, el, parent, flow);
}

/**
 * Fires every inclusive join of the scope that can no longer receive a token. When all tokens of the
 * scope wait at inclusive joins that wait for each other (the join paradox), the first one fires.
 */
export function evaluateInclusiveJoins(run: Run, scope: ElementInstance): void {
  const waiting = Object.keys(scope.joins ?? {}).filter((id) => run.model.elements[id]?.type === 'inclusiveGateway');
  let fired = false;
  for (const id of waiting) {
    const el = run.model.elements[id];
    const arrived = scope.joins?.[id];
    if (!arrived) continue;
    const pending = el.incoming.filter((f) => !arrived[f]);
    if (pending.length > 0 && canStillArrive(run, scope, el, pending)) continue;
    fire(run, scope, el);
    fired = true;
  }
  if (fired || waiting.length === 0) return;
  const busy = Object.values(run.state.els).some((ei) => ei.parent === scope.key);
  const parallelWaiting = Object.keys(scope.joins ?? {}).some((id) => run.model.elements[id]?.type !== 'inclusiveGateway');
  if (!busy && !parallelWaiting) fire(run, scope, run.model.elements[waiting[0]]);
}

function fire(run: Run, scope: ElementInstance, el: ElementDef): void {
  const arrived = scope.joins?.[el.id] ?? {};
  consumeArrivals(run, el, scope.key, Object.keys(arrived));
  run.create(el.id, scope.key);
}

/** Whether any token of the scope (an element instance or a token waiting at another join) can reach a pending flow. */
function canStillArrive(run: Run, scope: ElementInstance, join: ElementDef, pending: string[]): boolean {
  const sources = new Set<string>();
  for (const ei of Object.values(run.state.els)) if (ei.parent === scope.key) sources.add(ei.el);
  for (const id of Object.keys(scope.joins ?? {})) if (id !== join.id) sources.add(id);
  const targets = new Set(pending);
  const seen = new Set<string>();
  const queue = [...sources];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const el = run.model.elements[id];
    if (!el) continue;
    const outgoing = [...el.outgoing, ...(run.index.boundaries[id] ?? []).flatMap((b) => b.outgoing)];
    for (const flowId of outgoing) {
      if (targets.has(flowId)) return true;
      const target = run.model.flows[flowId].target;
      if (target !== join.id) queue.push(target);
    }
  }
  return false;
}
