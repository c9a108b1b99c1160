import type { ProcessModel } from '@tongban/bpmn';
import type { InstanceState, ModificationInstruction, ReturnTarget } from '../engine.types';
import type { EngineState } from '../execution/engine-state';
import { returnTargets } from './return-targets';

/** How 退回 from the element instance `key` to an element is carried out, or why it is refused. */
export type ReturnPlan =
  | { allowed: true; acrossJoin: boolean; instructions: ModificationInstruction[] }
  | { allowed: false; reason: string; targets: ReturnTarget[] };

/**
 * The targets 退回 from the element instance `key` may go to: the user tasks completed before it in its
 * own branch, and those behind a join it has passed when the model allows crossing it
 * (`tongban:returnAcrossJoin="true"` on the returning task or on the target); nearest first.
 */
export function allowedReturnTargets(model: ProcessModel, state: InstanceState, key: string): ReturnTarget[] {
  const near = returnTargets(model, state as EngineState, key);
  const fromAllows = model.elements[elementOf(state, key) ?? '']?.tongban?.returnAcrossJoin === true;
  const across = returnTargets(model, state as EngineState, key, { allowAcrossJoin: true })
    .filter((t) => !near.some((n) => n.elementId === t.elementId) && (fromAllows || model.elements[t.elementId]?.tongban?.returnAcrossJoin === true));
  return [...near, ...across];
}

/**
 * The modification that returns the case from `key` to `toElementId`. In the element's own branch,
 * only it is cancelled and the target activated: other branches are not disturbed. Across a join
 * (allowed by the model), every element instance of the scope is cancelled, the tokens waiting at its
 * joins are dropped and the case restarts at the target. Pure: reads the state only.
 */
export function returnPlan(model: ProcessModel, state: InstanceState, key: string, toElementId: string): ReturnPlan {
  const near = returnTargets(model, state as EngineState, key);
  if (near.some((t) => t.elementId === toElementId)) return { allowed: true, acrossJoin: false, instructions: [{ cancel: key }, { activateBefore: toElementId }] };
  const targets = allowedReturnTargets(model, state, key);
  const across = returnTargets(model, state as EngineState, key, { allowAcrossJoin: true });
  if (!across.some((t) => t.elementId === toElementId)) return { allowed: false, reason: `${toElementId} is no earlier step of this path`, targets };
  if (!targets.some((t) => t.elementId === toElementId)) {
    return { allowed: false, reason: `${toElementId} lies before the fork of a join the case has passed; the model allows this with tongban:returnAcrossJoin="true"`, targets };
  }
  const s = state as EngineState;
  let ei = s.els[key];
  if (ei.inner && ei.parent && s.els[ei.parent]) ei = s.els[ei.parent];
  const scopeKey = ei.parent as string;
  const others = Object.values(s.els).filter((other) => other.parent === scopeKey).map((other) => ({ cancel: other.key }));
  return { allowed: true, acrossJoin: true, instructions: [...others, { resetJoins: scopeKey }, { activateBefore: toElementId }] };
}

function elementOf(state: InstanceState, key: string): string | undefined {
  return (state as EngineState).els?.[key]?.el;
}
