import type { ElementDef } from '@tongban/bpmn';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';

/** Parallel gateway: a join fires once a token has arrived on every incoming flow; the fork takes every outgoing flow. */
export const parallelGatewayBehavior: ElementBehavior = {
  activate(run, ei, el) {
    run.complete(ei, undefined, { flows: [...el.outgoing] });
  },
};

/** Records a token arriving at a parallel join and fires the join when every incoming flow has one. */
export function arriveAtParallelJoin(run: Run, el: ElementDef, parent: string, flow: string): void {
  const arrived = recordArrival(run, el, parent, flow);
  if (el.incoming.some((f) => !arrived[f])) return;
  consumeArrivals(run, el, parent, el.incoming);
  run.create(el.id, parent);
}

/** Adds one token on `flow` to the join bookkeeping of the scope; returns the gateway's arrivals. */
export function recordArrival(run: Run, el: ElementDef, parent: string, flow: string): Record<string, number> {
  const scope = run.state.els[parent];
  const joins = (scope.joins ??= {});
  const arrived = (joins[el.id] ??= {});
  arrived[flow] = (arrived[flow] ?? 0) + 1;
  return arrived;
}

/** Takes one token from each of `flows` at the join; forgets the join when none are left. */
export function consumeArrivals(run: Run, el: ElementDef, parent: string, flows: string[]): void {
  const scope = run.state.els[parent];
  const arrived = scope.joins?.[el.id];
  if (!arrived || !scope.joins) return;
  for (const f of flows) if (arrived[f] && --arrived[f] === 0) delete arrived[f];
  if (Object.keys(arrived).length === 0) delete scope.joins[el.id];
  if (Object.keys(scope.joins).length === 0) delete scope.joins;
}
