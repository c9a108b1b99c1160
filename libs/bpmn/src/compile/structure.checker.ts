import type { ElementDef, FlowDef } from '../model/process-model';
import type { CompileContext } from './compile.context';

/**
 * Structural rules the engine relies on: where sequence flows may start and end, default
 * flows that leave their element, link events that pair up, event-based gateways that wait,
 * compensation that names an activity of the process.
 */
export function checkStructure(elements: Record<string, ElementDef>, flows: Record<string, FlowDef>, ctx: CompileContext): void {
  const linkCatchers = countLinkCatchers(elements);
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
    } else if (element.defaultFlow && flows[element.defaultFlow].condition !== undefined) {
      ctx.out.add('BPMN_INVALID_MODEL', where, `default flow "${element.defaultFlow}" has a condition; a default flow is taken when no condition holds`);
    }
    if (element.type === 'eventBasedGateway') checkEventBasedGateway(element, elements, flows, where, ctx);
    const compensated = element.event?.kind === 'compensate' ? element.event.activityRef : undefined;
    if (compensated && !elements[compensated]) {
      ctx.out.add('BPMN_DANGLING_REFERENCE', where, `compensates "${compensated}", which is not an activity of this process`);
    }
    if (element.type === 'intermediateThrowEvent' && element.event?.kind === 'link') {
      const catchers = linkCatchers.get(linkKey(element)) ?? 0;
      if (catchers !== 1) {
        ctx.out.add('BPMN_INVALID_MODEL', where, `link "${element.event.linkName}" needs exactly one catching link event in the same scope, found ${catchers}`);
      }
    }
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
    const waits = (target.type === 'receiveTask' && target.event !== undefined) || (target.type === 'intermediateCatchEvent' && target.event?.kind !== 'link');
    if (!waits) ctx.out.add('BPMN_INVALID_MODEL', where, `event-based gateway leads to "${target.id}", which is not a catch event or a receive task with a message`);
  }
}

/** Catching link events by scope and link name. */
function countLinkCatchers(elements: Record<string, ElementDef>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const element of Object.values(elements)) {
    if (element.type !== 'intermediateCatchEvent' || element.event?.kind !== 'link') continue;
    counts.set(linkKey(element), (counts.get(linkKey(element)) ?? 0) + 1);
  }
  return counts;
}

function linkKey(element: ElementDef): string {
  return `${element.scope}\u0000${element.event?.linkName}`;
}
