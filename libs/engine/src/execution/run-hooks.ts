import { innerInstanceCompleted } from '../activities/multi-instance.behavior';
import { compensationHandlerCompleted } from '../compensation/compensation-throw';
import { evaluateConditionalSubscriptions } from '../events/conditional-event.definition';
import { arriveAtInclusiveJoin, evaluateInclusiveJoins } from '../gateways/inclusive-gateway.behavior';
import { arriveAtParallelJoin } from '../gateways/parallel-gateway.behavior';
import { activateElement } from './activation';
import type { RunHooks } from './run';

/** Connects the token bookkeeping of `Run` to the element behaviours. */
export const runHooks: RunHooks = {
  activate: activateElement,
  innerCompleted: innerInstanceCompleted,
  handlerCompleted: compensationHandlerCompleted,
  evaluateJoins: evaluateInclusiveJoins,
  conditionsChanged: evaluateConditionalSubscriptions,
  arrive(run, el, parent, flow) {
    if (el.type === 'inclusiveGateway') arriveAtInclusiveJoin(run, el, parent, flow);
    else arriveAtParallelJoin(run, el, parent, flow);
  },
};
