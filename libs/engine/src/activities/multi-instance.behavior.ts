import type { ElementDef, MultiInstanceDef } from '@tongban/bpmn';
import type { Variables } from '../engine.types';
import type { ElementInstance } from '../execution/engine-state';
import type { ElementBehavior } from '../execution/element-behavior';
import type { Run } from '../execution/run';
import { recordCompletedTask } from './user-task.behavior';

/**
 * Multi-instance body (会签 all, 或签 any one, 票签 by ratio): one inner instance per element of the
 * input collection (or loopCardinality times), in parallel or one after another. The body holds
 * numberOfInstances / numberOfActiveInstances / numberOfCompletedInstances (and the Camunda 7
 * nrOf… aliases); each inner instance holds loopCounter and the input element. loopCounter counts
 * from 0 in a Camunda 7 model and from 1 otherwise (Camunda 8, plain BPMN), as the model's dialect does.
 */
export const multiInstanceBehavior: ElementBehavior = {
  activate(run, body, el) {
    const mi = el.multiInstance as MultiInstanceDef;
    const items = instanceItems(run, body, el, mi);
    if (!items) return;
    body.wait = 'multi';
    body.multi = { total: items.count, next: 0, ...(items.list ? { items: items.list } : {}) };
    body.vars = { ...(body.vars ?? {}), ...counters(items.count, 0, 0) };
    if (mi.outputCollection) body.vars[mi.outputCollection] = new Array(items.count).fill(null);
    if (items.count === 0) {
      completeBody(run, body, mi);
      return;
    }
    const first = mi.sequential ? 1 : items.count;
    for (let i = 0; i < first; i++) startInner(run, body, mi);
  },
};

/** The most inner instances of one multi-instance activity when the engine context sets no limit. */
export const DEFAULT_MAX_CARDINALITY = 1000;

function instanceItems(run: Run, body: ElementInstance, el: ElementDef, mi: MultiInstanceDef): { count: number; list?: unknown[] } | undefined {
  const items = requestedItems(run, body, el, mi);
  const limit = run.ctx.maxCardinality ?? DEFAULT_MAX_CARDINALITY;
  if (items && items.count > limit) {
    run.raiseIncident(body, 'CARDINALITY_EXCEEDED', `${el.id} asks for ${items.count} instances; at most ${limit} are allowed`, 'activate');
    return undefined;
  }
  return items;
}

function requestedItems(run: Run, body: ElementInstance, el: ElementDef, mi: MultiInstanceDef): { count: number; list?: unknown[] } | undefined {
  if (mi.inputCollection) {
    const result = run.evaluate(mi.inputCollection, body.key);
    if (!result.ok || !Array.isArray(result.value)) {
      const why = result.ok ? `gave ${JSON.stringify(result.value)}, not a list` : result.message;
      run.raiseIncident(body, 'FEEL_ERROR', `input collection of ${el.id}: ${why}`, 'activate');
      return undefined;
    }
    return { count: result.value.length, list: result.value };
  }
  const result = run.evaluate(mi.loopCardinality ?? '1', body.key);
  if (!result.ok || typeof result.value !== 'number' || !Number.isInteger(result.value) || result.value < 0) {
    const why = result.ok ? `gave ${JSON.stringify(result.value)}, not a whole number` : result.message;
    run.raiseIncident(body, 'FEEL_ERROR', `loop cardinality of ${el.id}: ${why}`, 'activate');
    return undefined;
  }
  return { count: result.value };
}

/**
 * The variables the multi-instance bookkeeping owns: the counters on the body, the output collection,
 * and each inner instance's loopCounter and input element. A called child that got them with "all
 * variables" must not hand its copies back over them (the body would count wrongly and never end).
 */
export function multiInstanceVariableNames(mi: MultiInstanceDef): string[] {
  const names = ['loopCounter', ...Object.keys(counters(0, 0, 0))];
  if (mi.inputElement) names.push(mi.inputElement);
  if (mi.outputCollection) names.push(mi.outputCollection);
  return names;
}

/** The first loopCounter: Camunda 7 counts inner instances from 0, Camunda 8 and Tongban from 1. */
function loopBase(run: Run): number {
  return run.model.dialect === 'camunda7' ? 0 : 1;
}

function counters(total: number, active: number, completed: number): Variables {
  return {
    numberOfInstances: total, numberOfActiveInstances: active, numberOfCompletedInstances: completed,
    nrOfInstances: total, nrOfActiveInstances: active, nrOfCompletedInstances: completed,
  };
}

/** How many instances the body counts: its index slots less those a modification removed. */
function instanceCount(multi: NonNullable<ElementInstance['multi']>): number {
  return multi.total - (multi.removed?.length ?? 0);
}

function startInner(run: Run, body: ElementInstance, mi: MultiInstanceDef): void {
  const multi = body.multi as NonNullable<ElementInstance['multi']>;
  const index = multi.next++;
  const vars: Variables = { loopCounter: index + loopBase(run) };
  if (mi.inputElement) vars[mi.inputElement] = multi.items ? multi.items[index] : null;
  const vb = body.vars as Variables;
  Object.assign(vb, counters(instanceCount(multi), (vb.numberOfActiveInstances as number) + 1, vb.numberOfCompletedInstances as number));
  run.create(body.el, body.key, { inner: true, vars });
}

/**
 * 加签: appends `count` instances (with `items` as their input elements) to an active body; the
 * counters and the output collection grow at once, so the completion condition sees the new count.
 * A parallel body starts them now, a sequential one after the instances already queued.
 */
export function addInnerInstances(run: Run, body: ElementInstance, count: number, items: unknown[] | undefined): void {
  const mi = run.element(body.el).multiInstance as MultiInstanceDef;
  const multi = body.multi as NonNullable<ElementInstance['multi']>;
  const vb = body.vars as Variables;
  if (items) multi.items = [...(multi.items ?? []), ...items];
  const first = multi.total;
  multi.total += count;
  if (mi.outputCollection) vb[mi.outputCollection] = [...((vb[mi.outputCollection] as unknown[]) ?? []), ...new Array(count).fill(null)];
  Object.assign(vb, counters(instanceCount(multi), vb.numberOfActiveInstances as number, vb.numberOfCompletedInstances as number));
  if (mi.sequential) return;
  while (multi.next < first + count) startInner(run, body, mi);
}

/**
 * 减签: one open inner instance is cancelled (its task withdrawn), not completed: it no longer counts
 * in numberOfInstances nor in the output collection, and the completion condition is evaluated again
 * (the body may now complete, or a sequential body start its next instance).
 */
export function removeInnerInstance(run: Run, body: ElementInstance, inner: ElementInstance): void {
  const multi = body.multi as NonNullable<ElementInstance['multi']>;
  const index = (inner.vars?.loopCounter as number) - loopBase(run);
  run.terminate(inner);
  (multi.removed ??= []).push(index);
  const vb = body.vars as Variables;
  Object.assign(vb, counters(instanceCount(multi), (vb.numberOfActiveInstances as number) - 1, vb.numberOfCompletedInstances as number));
  if (body.incident) return;
  continueBody(run, body, run.variables(body.key));
}

/**
 * An inner instance completed: collect its output element, update the counters, then end the body when
 * the completion condition holds or every instance is done, or start the next sequential instance.
 */
export function innerInstanceCompleted(run: Run, body: ElementInstance, inner: ElementInstance, context: Variables): void {
  const el = run.element(body.el);
  const mi = el.multiInstance as MultiInstanceDef;
  const multi = body.multi as NonNullable<ElementInstance['multi']>;
  const vb = body.vars as Variables;
  if (mi.outputCollection && mi.outputElement) {
    const result = run.evaluate(mi.outputElement, undefined, context);
    const list = [...((vb[mi.outputCollection] as unknown[]) ?? [])];
    list[(inner.vars?.loopCounter as number) - loopBase(run)] = result.ok ? result.value : null;
    vb[mi.outputCollection] = list;
  }
  Object.assign(vb, counters(instanceCount(multi), (vb.numberOfActiveInstances as number) - 1, (vb.numberOfCompletedInstances as number) + 1));
  if (body.incident) return;
  continueBody(run, body, context);
}

/**
 * A multi-instance body whose completion condition failed (a FEEL error) goes on after its incident
 * is resolved: the condition is evaluated again over the body's variables.
 */
export function resumeBody(run: Run, body: ElementInstance): void {
  body.wait = 'multi';
  continueBody(run, body, run.variables(body.key));
}

/** Ends the body when the completion condition holds or every instance is done, or starts the next sequential instance. */
function continueBody(run: Run, body: ElementInstance, context: Variables): void {
  const el = run.element(body.el);
  const mi = el.multiInstance as MultiInstanceDef;
  const multi = body.multi as NonNullable<ElementInstance['multi']>;
  const vb = body.vars as Variables;
  if (mi.completionCondition) {
    const done = run.condition(mi.completionCondition, undefined, { ...context, ...vb });
    if (!done.ok) {
      run.raiseIncident(body, 'FEEL_ERROR', `completion condition of ${el.id}: ${done.message}`, 'multi');
      return;
    }
    if (done.value === true) {
      for (const other of run.children(body.key).reverse()) run.terminate(other);
      completeBody(run, body, mi);
      return;
    }
  }
  if (mi.sequential && multi.next < multi.total) {
    startInner(run, body, mi);
    return;
  }
  if (vb.numberOfActiveInstances === 0 && multi.next >= multi.total) completeBody(run, body, mi);
}

function completeBody(run: Run, body: ElementInstance, mi: MultiInstanceDef): void {
  if (mi.outputCollection) run.propagate(body.parent, { [mi.outputCollection]: collectedOutputs(body, mi.outputCollection) });
  body.wait = undefined;
  const el = run.element(body.el);
  if (el.type === 'userTask') recordCompletedTask(run, body, el.id, el.scope);
  run.complete(body, undefined, { skipOutputs: true });
}

/** The output collection, without the slots of removed inner instances. */
function collectedOutputs(body: ElementInstance, name: string): unknown {
  const list = (body.vars as Variables)[name];
  const removed = body.multi?.removed;
  if (!removed || !Array.isArray(list)) return list;
  return list.filter((_, i) => !removed.includes(i));
}
