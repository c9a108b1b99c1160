import type { ElementDef } from '@tongban/bpmn';
import { openEventSubprocessSubscriptions } from '../activities/event-sub-process.behavior';
import { EngineError } from '../engine.errors';
import type { Variables } from '../engine.types';
import { openBoundarySubscriptions } from '../events/boundary-event.behavior';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { applyInputs } from '../variables/io-mappings';
import { plainVariables } from '../variables/variable-scopes';

/**
 * `activateBefore` (Camunda's `startBeforeActivity`): puts a token on an element as if a flow had
 * entered it, creating the enclosing embedded subprocess instances that are missing on the way.
 * Returns the new element instance (its activation is queued; the caller drains).
 */
export function activateBefore(run: Run, elementId: string, variables: Variables | undefined, ancestorKey: string | undefined): ElementInstance {
  const el = run.model.elements[elementId];
  if (!el) throw new EngineError('ELEMENT_NOT_FOUND', `process ${run.model.id} has no element ${elementId}`);
  refuseConstruct(run, el);
  const scope = scopeInstanceFor(run, el, ancestorKey);
  if (variables && Object.keys(variables).length > 0) run.setLocal(scope.key, plainVariables(variables));
  return run.create(el.id, scope.key);
}

/** The constructs a token cannot be put on directly, as Camunda refuses them. */
function refuseConstruct(run: Run, el: ElementDef): void {
  const refuse = (why: string): never => {
    throw new EngineError('MODIFICATION_REFUSED', `cannot activate ${el.type} ${el.id}: ${why}`);
  };
  const scopeDef = run.model.elements[el.scope];
  if (el.type === 'startEvent' && el.scope === run.model.id) refuse('it is a start event of the process (start a new instance instead)');
  if (el.type === 'startEvent' && scopeDef?.triggeredByEvent) refuse(`it is the start event of event subprocess ${el.scope}, which only its event triggers`);
  if (el.type === 'boundaryEvent') refuse(`it is a boundary event of ${el.attachedTo ?? 'an activity'}, which only its event triggers`);
  if (el.type === 'subProcess' && el.triggeredByEvent) refuse('it is an event subprocess, which only its start event triggers');
  if (el.isForCompensation) refuse('it is a compensation handler, which only a compensation throw runs');
  const afterEventGateway = el.incoming.some((f) => run.model.elements[run.model.flows[f]?.source]?.type === 'eventBasedGateway');
  if (afterEventGateway) refuse('it follows an event-based gateway, which only the event triggers');
  for (let s: string | undefined = el.scope; s && s !== run.model.id; s = run.model.scopes[s]?.parent) {
    if (run.model.elements[s]?.multiInstance) refuse(`it is inside multi-instance ${s}; add an inner instance to it instead`);
  }
}

/** The scope ids from the process down to the element's own scope. */
function scopePath(run: Run, el: ElementDef): string[] {
  const path: string[] = [];
  for (let s: string | undefined = el.scope; s; s = run.model.scopes[s]?.parent) path.unshift(s);
  return path;
}

/** Finds (or creates, for embedded subprocesses) the instance of each enclosing scope, top down. */
function scopeInstanceFor(run: Run, el: ElementDef, ancestorKey: string | undefined): ElementInstance {
  const path = scopePath(run, el);
  let at = run.state.els[run.state.rootKey];
  let depth = 0;
  if (ancestorKey !== undefined) {
    const ancestor = run.state.els[ancestorKey];
    if (!ancestor) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${ancestorKey}`);
    depth = path.indexOf(ancestor.el);
    if (depth < 0 || ancestor.wait !== 'scope') {
      throw new EngineError('MODIFICATION_REFUSED', `cannot activate ${el.id} in ${ancestor.el} (${ancestorKey}): it is not an enclosing scope of ${el.id}`);
    }
    at = ancestor;
  }
  for (const scopeId of path.slice(depth + 1)) {
    const open = run.children(at.key).filter((ei) => ei.el === scopeId && ei.wait === 'scope');
    if (open.length > 1) {
      throw new EngineError('MODIFICATION_REFUSED', `cannot activate ${el.id}: ${scopeId} has ${open.length} active instances; name one as ancestorKey`);
    }
    if (open.length === 1) {
      at = open[0];
      continue;
    }
    if (run.model.elements[scopeId]?.triggeredByEvent) {
      throw new EngineError('MODIFICATION_REFUSED', `cannot activate ${el.id}: its event subprocess ${scopeId} is not active`);
    }
    at = createScope(run, at, run.model.elements[scopeId]);
  }
  return at;
}

/**
 * Creates an embedded subprocess instance without running its start event: inputs applied, its
 * boundary events and event subprocesses subscribed. A failure refuses the whole modification.
 */
function createScope(run: Run, parent: ElementInstance, def: ElementDef): ElementInstance {
  const scope = run.create(def.id, parent.key, { manual: true });
  scope.wait = 'scope';
  const failure = (def.inputs?.length ? applyInputs(run, scope, def) : undefined)
    ?? openBoundarySubscriptions(run, scope)?.message
    ?? openEventSubprocessSubscriptions(run, scope)?.message;
  if (failure) throw new EngineError('MODIFICATION_REFUSED', `cannot create an instance of ${def.id}: ${failure}`);
  return scope;
}
