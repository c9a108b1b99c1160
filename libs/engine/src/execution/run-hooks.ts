import { innerInstanceCompleted } from '../activities/multi-instance.behavior';
import { compensationHandlerCompleted } from '../compensation/compensation-throw';
import { evaluateConditionalSubscriptions } from '../events/conditional-event.definition';
import { arriveAtInclusiveJoin, evaluateInclusiveJoins } from '../gateways/inclusive-gateway.behavior';
import { arriveAtParallelJoin } from '../gateways/parallel-gateway.behavior';
import { activateElement } from './activation';
import { behaviorOf } from './behavior-registry';
import { EngineError } from '../engine.errors';
import type { RunHooks } from './run';

/** Connects the token bookkeeping of `Run` to the element behaviours. */
export const runHooks: RunHooks = {
  activate: activateElement,
  waitEnded(run, ei, variables) {
    const el = run.element(ei.el);
    const behavior = behaviorOf(el);
    if (!behavior.complete) throw new EngineError('WAIT_KIND_MISMATCH', `${el.type} ${el.id} does not wait to be completed`);
    behavior.complete(run, ei, el, variables);
  },
  cancel(run, ei) {
    const el = run.element(ei.el);
    behaviorOf(el).cancel?.(run, ei, el);
  },
  innerCompleted: innerInstanceCompleted,
  handlerCompleted: compensationHandlerCompleted,
  evaluateJoins: evaluateInclusiveJoins,
  conditionsChanged: evaluateConditionalSubscriptions,
  arrive(run, el, parent, flow) {
    if (el.type === 'inclusiveGateway') arriveAtInclusiveJoin(run, el, parent, flow);
    else arriveAtParallelJoin(run, el, parent, flow);
  },
};
