import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef } from '../model/process-model';
import type { CompileContext } from './compile.context';

/**
 * Lists each boundary event on the activity it is attached to, and links compensation
 * boundary events to their handler: the activity an association leads to (isForCompensation).
 */
export function linkBoundaryEvents(elements: Record<string, ElementDef>, associations: ModdleElement[], ctx: CompileContext): void {
  for (const event of Object.values(elements)) {
    if (event.type !== 'boundaryEvent' || !event.attachedTo) continue;
    const activity = elements[event.attachedTo];
    if (!activity) continue;
    (activity.boundaryEvents ??= []).push(event.id);
    if (event.outgoing.length > 0 && event.event?.kind === 'compensate') {
      ctx.out.add('BPMN_INVALID_MODEL', { id: event.id, $type: 'bpmn:BoundaryEvent' }, 'a compensation boundary event has no outgoing sequence flows; associate the handler');
    }
  }
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
  }
}
