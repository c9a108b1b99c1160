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
 * Fires every inclusive join of the scope that can no longer receive a token. When the waiting joins
 * only wait for each other (the join paradox: tokens at two OR-joins that can each reach the other),
 * the first of them fires, provided no other token of the scope can reach any of them.
 */
export function evaluateInclusiveJoins(run: Run, scope: ElementInstance): void {
  const waiting = waitingJoins(run, scope);
  let fired = false;
  for (const el of waiting) {
    if (!scope.joins?.[el.id]) continue;
    if (canStillArrive(run, scope, el, true)) continue;
    fire(run, scope, el);
    fired = true;
  }
  if (fired || waiting.length === 0) return;
  const stuck = waiting.filter((el) => scope.joins?.[el.id] && !canStillArrive(run, scope, el, false));
  if (stuck.length === waiting.length) fire(run, scope, stuck[0]);
}

function waitingJoins(run: Run, scope: ElementInstance): ElementDef[] {
  return Object.keys(scope.joins ?? {})
    .map((id) => run.model.elements[id])
    .filter((el) => el?.type === 'inclusiveGateway');
}

function fire(run: Run, scope: ElementInstance, el: ElementDef): void {
  const arrived = scope.joins?.[el.id] ?? {};
  consumeArrivals(run, el, scope.key, Object.keys(arrived));
  run.create(el.id, scope.key);
}

/**
 * Whether a token of the scope can still reach an incoming flow of the join that has none yet. Tokens
 * are element instances and tokens waiting at other joins (the latter only with `countJoins`).
 */
function canStillArrive(run: Run, scope: ElementInstance, join: ElementDef, countJoins: boolean): boolean {
  const arrived = scope.joins?.[join.id] ?? {};
  const pending = new Set(join.incoming.filter((f) => !arrived[f]));
  if (pending.size === 0) return false;
  const sources = new Set<string>();
  for (const ei of Object.values(run.state.els)) if (ei.parent === scope.key) sources.add(ei.el);
  for (const id of Object.keys(scope.joins ?? {})) {
    const other = run.model.elements[id];
    if (id !== join.id && (countJoins || other?.type !== 'inclusiveGateway')) sources.add(id);
  }
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
      if (pending.has(flowId)) return true;
      const target = run.model.flows[flowId].target;
      if (target !== join.id) queue.push(target);
    }
  }
  return false;
}
