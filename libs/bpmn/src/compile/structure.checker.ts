import type { ElementDef, FlowDef } from '../model/process-model';
import type { CompileContext } from './compile.context';

/**
 * Structural rules the engine relies on: where sequence flows may start and end, default
 * flows that leave their element, link events that pair up, event-based gateways that wait.
 */
export function checkStructure(elements: Record<string, ElementDef>, flows: Record<string, FlowDef>, ctx: CompileContext): void {
  for (const element of Object.values(elements)) {
    const where = { id: element.id, $type: `bpmn:${element.type.charAt(0).toUpperCase()}${element.type.slice(1)}` };
    if ((element.type === 'startEvent' || element.type === 'boundaryEvent') && element.incoming.length > 0) {
      ctx.out.add('BPMN_INVALID_MODEL', where, `a ${element.type} cannot have incoming sequence flows`);
    }
    if (element.type === 'endEvent' && element.outgoing.length > 0) {
      ctx.out.add('BPMN_INVALID_MODEL', where, 'an end event cannot have outgoing sequence flows');
    }
    if (element.defaultFlow && !element.outgoing.includes(element.defaultFlow)) {
      ctx.out.add('BPMN_INVALID_MODEL', where, `default flow "${element.defaultFlow}" is not an outgoing flow of this element`);
    }
    if (element.type === 'eventBasedGateway') checkEventBasedGateway(element, elements, flows, where, ctx);
    if (element.type === 'intermediateThrowEvent' && element.event?.kind === 'link') checkLink(element, elements, where, ctx);
  }
}

function checkEventBasedGateway(
  gateway: ElementDef,
  elements: Record<string, ElementDef>,
  flows: Record<string, FlowDef>,
  where: { id: string; $type: string },
  ctx: CompileContext,
): void {
  for (const flowId of gateway.outgoing) {
    const target = elements[flows[flowId].target];
    const waits = target.type === 'receiveTask' || (target.type === 'intermediateCatchEvent' && target.event?.kind !== 'link');
    if (!waits) ctx.out.add('BPMN_INVALID_MODEL', where, `event-based gateway leads to "${target.id}", which is not a catch event or receive task`);
  }
}

function checkLink(thrower: ElementDef, elements: Record<string, ElementDef>, where: { id: string; $type: string }, ctx: CompileContext): void {
  const catchers = Object.values(elements).filter(
    (element) =>
      element.type === 'intermediateCatchEvent' &&
      element.scope === thrower.scope &&
      element.event?.kind === 'link' &&
      element.event.linkName === thrower.event?.linkName,
  );
  if (catchers.length !== 1) {
    ctx.out.add('BPMN_INVALID_MODEL', where, `link "${thrower.event?.linkName}" needs exactly one catching link event in the same scope, found ${catchers.length}`);
  }
}
