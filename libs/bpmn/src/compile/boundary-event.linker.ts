import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';

const BOUNDARY = 'bpmn:BoundaryEvent';

/**
 * Lists each boundary event on the activity it is attached to, and links compensation
 * boundary events to their handler: the activity an association leads to (isForCompensation).
 */
export function linkBoundaryEvents(elements: Record<string, ElementDef>, associations: ModdleElement[], ctx: CompileContext): void {
  // 1. boundary events onto their activities
  for (const event of Object.values(elements)) {
    if (event.type !== 'boundaryEvent' || !event.attachedTo) continue;
    const activity = elements[event.attachedTo];
    if (!activity) continue;
    if (activity.scope !== event.scope) {
      ctx.out.add('BPMN_INVALID_MODEL', { id: event.id, $type: BOUNDARY }, `is attached to "${activity.id}", which lies in another scope`);
      continue;
    }
    (activity.boundaryEvents ??= []).push(event.id);
    if (event.event?.kind === 'error' && event.interrupting === false) {
      ctx.out.add('BPMN_INVALID_MODEL', { id: event.id, $type: BOUNDARY }, 'an error boundary event always interrupts; remove cancelActivity="false"');
    }
    if (event.event?.kind === 'compensate' && event.outgoing.length > 0) {
      ctx.out.add('BPMN_INVALID_MODEL', { id: event.id, $type: BOUNDARY }, 'a compensation boundary event takes no sequence flows; associate its handler instead');
    }
  }

  // 2. compensation handlers through associations
  const linked = new Set<string>();
  for (const association of associations) {
    const source = elements[association.sourceRef?.id];
    const handler = elements[association.targetRef?.id];
    if (!source || !handler || source.type !== 'boundaryEvent' || source.event?.kind !== 'compensate') continue;
    if (!handler.isForCompensation) {
      ctx.out.add('BPMN_INVALID_MODEL', association, `compensation handler "${handler.id}" is not marked isForCompensation`);
      continue;
    }
    const activity = source.attachedTo ? elements[source.attachedTo] : undefined;
    if (activity) activity.compensationHandler = handler.id;
    linked.add(source.id);
  }
  for (const event of Object.values(elements)) {
    if (event.type === 'boundaryEvent' && event.event?.kind === 'compensate' && !linked.has(event.id)) {
      ctx.out.add('BPMN_INVALID_MODEL', { id: event.id, $type: BOUNDARY }, 'a compensation boundary event needs an association to its handler');
    }
  }
}
