import type { ElementDef, ProcessModel } from '@tongban/bpmn';

/** Lookups over a compiled model that the engine needs often, computed once per model object. */
export interface ModelIndex {
  /** Boundary events by the activity they are attached to. */
  boundaries: Record<string, ElementDef[]>;
  /** The start event of each event subprocess. */
  eventSubprocessStart: Record<string, ElementDef>;
  /** Link catch events by scope id and link name. */
  linkCatches: Record<string, ElementDef>;
}

const cache = new WeakMap<ProcessModel, ModelIndex>();

export function indexOf(model: ProcessModel): ModelIndex {
  let index = cache.get(model);
  if (!index) {
    index = buildIndex(model);
    cache.set(model, index);
  }
  return index;
}

function buildIndex(model: ProcessModel): ModelIndex {
  const index: ModelIndex = { boundaries: {}, eventSubprocessStart: {}, linkCatches: {} };
  for (const el of Object.values(model.elements)) {
    if (el.type === 'boundaryEvent' && el.attachedTo) (index.boundaries[el.attachedTo] ??= []).push(el);
    if (el.type === 'startEvent' && model.elements[el.scope]?.triggeredByEvent) index.eventSubprocessStart[el.scope] = el;
    if (el.type === 'intermediateCatchEvent' && el.event?.kind === 'link' && el.event.linkName) {
      index.linkCatches[`${el.scope}\u0000${el.event.linkName}`] = el;
    }
  }
  return index;
}

/** Activities are the elements that can carry boundary events, inputs/outputs and multi-instance markers. */
export function isActivity(el: ElementDef): boolean {
  return el.type.endsWith('Task') || el.type === 'task' || el.type === 'subProcess' || el.type === 'callActivity';
}
