import type { ProcessModel } from '@tongban/bpmn';

/** The user tasks a completion of an element leads to directly, as 撤回 asks about them. */
export interface StepsAfter {
  /** The user tasks reached from the element through gateways only (forks, decisions), in model order. */
  elementIds: string[];
  /** Whether every one of them is reached (only parallel forks on the way), or some (an exclusive or inclusive gateway). */
  all: boolean;
}

/**
 * The next steps of `elementId`: the user tasks its outgoing flows reach directly or through
 * splitting gateways (a parallel fork reaches all its branches' first tasks). A join or any other
 * element ends the walk without a step. Pure: reads the model only.
 */
export function stepsAfter(model: ProcessModel, elementId: string): StepsAfter {
  const found: string[] = [];
  let all = true;
  const seen = new Set<string>();
  const walk = (id: string): void => {
    for (const flowId of model.elements[id]?.outgoing ?? []) {
      const target = model.elements[model.flows[flowId]?.target];
      if (!target || seen.has(target.id)) continue;
      seen.add(target.id);
      if (target.type === 'userTask') found.push(target.id);
      else if (isSplit(target.type) && target.incoming.length === 1) {
        if (target.type !== 'parallelGateway') all = false;
        walk(target.id);
      } else all = false;
    }
  };
  walk(elementId);
  return { elementIds: found, all };
}

function isSplit(type: string): boolean {
  return type === 'parallelGateway' || type === 'exclusiveGateway' || type === 'inclusiveGateway';
}
