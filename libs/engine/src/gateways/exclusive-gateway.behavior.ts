import type { ElementBehavior } from '../execution/element-behavior';

/**
 * Exclusive gateway: the first outgoing flow (in model order) whose FEEL condition is true, else the
 * default flow; with neither, incident NO_MATCHING_FLOW (resolving it re-evaluates the conditions).
 */
export const exclusiveGatewayBehavior: ElementBehavior = {
  activate(run, ei, el) {
    if (el.outgoing.length <= 1) {
      run.complete(ei, undefined, { flows: [...el.outgoing] });
      return;
    }
    for (const flowId of el.outgoing) {
      const flow = run.model.flows[flowId];
      if (flowId === el.defaultFlow) continue;
      if (!flow.condition) {
        run.complete(ei, undefined, { flows: [flowId] });
        return;
      }
      const result = run.condition(flow.condition, ei.key);
      if (!result.ok) {
        run.raiseIncident(ei, 'FEEL_ERROR', `flow ${flowId}: ${result.message}`, 'activate');
        return;
      }
      if (result.value === true) {
        run.complete(ei, undefined, { flows: [flowId] });
        return;
      }
    }
    if (el.defaultFlow) {
      run.complete(ei, undefined, { flows: [el.defaultFlow] });
      return;
    }
    run.raiseIncident(ei, 'NO_MATCHING_FLOW', `no condition of gateway ${el.id} is true and it has no default flow`, 'activate');
  },
};
