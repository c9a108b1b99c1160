import type { MultiInstanceDef } from '@tongban/bpmn';
import { addInnerInstances, removeInnerInstance } from '../activities/multi-instance.behavior';
import { EngineError } from '../engine.errors';
import type { ElementInstance } from '../execution/engine-state';
import type { Run } from '../execution/run';
import { plainVariables } from '../variables/variable-scopes';

/** Changing the inner instances of an active multi-instance body at run time: 加签 and 减签. */

/** `addInstances`: appends instances to the body with key `bodyKey` (elements for an input collection, else a count). */
export function addInstances(run: Run, bodyKey: string, elements: unknown[] | undefined, count: number | undefined): ElementInstance {
  const body = run.state.els[bodyKey];
  if (!body) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${bodyKey}`);
  const refuse = (why: string): never => {
    throw new EngineError('MODIFICATION_REFUSED', `cannot add instances to ${body.el} (${bodyKey}): ${why}`);
  };
  if (!body.multi || body.inner) refuse('it is not a multi-instance body');
  if (body.wait !== 'multi') refuse(body.incident ? 'it has an open incident' : 'it is not waiting for its inner instances');
  const mi = run.element(body.el).multiInstance as MultiInstanceDef;
  if (mi.inputCollection) {
    if (!Array.isArray(elements) || elements.length === 0) refuse('it runs over an input collection; give the elements to add');
    if (count !== undefined && count !== elements?.length) refuse('count and the number of elements differ');
    const items = plainList(elements as unknown[]);
    addInnerInstances(run, body, items.length, items);
    return body;
  }
  if (elements !== undefined) refuse('it runs a loop cardinality, not an input collection; give a count');
  if (!Number.isInteger(count) || (count as number) < 1) refuse('count must be a whole number of at least 1');
  addInnerInstances(run, body, count as number, undefined);
  return body;
}

/** `removeInstance`: cancels the open inner instance with key `innerKey` and counts it out of its body. */
export function removeInstance(run: Run, innerKey: string): ElementInstance {
  const inner = run.state.els[innerKey];
  if (!inner) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `no element instance with key ${innerKey}`);
  const body = run.state.els[inner.parent as string];
  if (!inner.inner || !body?.multi) throw new EngineError('MODIFICATION_REFUSED', `cannot remove ${inner.el} (${innerKey}): it is not an inner instance of a multi-instance body`);
  removeInnerInstance(run, body, inner);
  return inner;
}

function plainList(elements: unknown[]): unknown[] {
  return (plainVariables({ list: elements }).list as unknown[]) ?? [];
}
