import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef, EventDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { definedOnly } from './defined-only.util';
import { ACTIVITY_TYPES } from './element-kind.sets';
import { compileEventDefinition } from './event-definition.compiler';
import { isAllowedEventKind } from './event-kind.rules';
import { compileJob } from './job.compiler';
import { localType } from './moddle-access.util';

const CATCHING = new Set(['startEvent', 'intermediateCatchEvent', 'boundaryEvent']);

/**
 * The event part of an ElementDef: its definition, where a boundary event is attached and
 * whether it interrupts, whether an event-subprocess start interrupts, and the job that sends
 * the message of a message throw event.
 */
export function compileEvent(node: ModdleElement, def: ElementDef, inEventSubprocess: boolean, ctx: CompileContext): void {
  const event = compileEventDefinition(node, ctx);
  if (!event) return;
  if (event.kind === 'none' && (def.type === 'boundaryEvent' || def.type === 'intermediateCatchEvent')) {
    ctx.out.add('BPMN_INVALID_MODEL', node, `a ${def.type} needs an event definition`);
    return;
  }
  if (!isAllowedEventKind(def.type, event.kind, inEventSubprocess)) {
    ctx.unsupported(node, `${event.kind} event definition is not supported on ${def.type}${inEventSubprocess ? ' in an event subprocess' : ''}`);
    return;
  }
  def.event = event;
  const missing = missingReference(def, event);
  if (missing) ctx.out.add('BPMN_INVALID_MODEL', node, missing);
  if (event.kind === 'message' && !CATCHING.has(def.type)) Object.assign(def, definedOnly(compileJob(node, ctx)));
  if (def.type === 'boundaryEvent') attach(node, def, ctx);
  if (def.type === 'startEvent' && inEventSubprocess) def.interrupting = node.isInterrupting !== false;
}

/** What a definition must name to be correlated or caught: a message or signal name, a thrown code. */
function missingReference(def: ElementDef, event: EventDef): string | undefined {
  if (event.kind === 'message' && CATCHING.has(def.type) && !event.messageName) return 'a message catch event needs a message with a name';
  if (event.kind === 'signal' && !event.signalName) return 'a signal event needs a signal with a name';
  const throwing = !CATCHING.has(def.type);
  if (throwing && (event.kind === 'error' || event.kind === 'escalation') && !event.code) {
    return `a thrown ${event.kind} needs an ${event.kind === 'error' ? 'error with an errorCode' : 'escalation with an escalationCode'}`;
  }
  return undefined;
}

function attach(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  const activity: ModdleElement | undefined = node.attachedToRef;
  def.interrupting = node.cancelActivity !== false;
  if (!activity) {
    ctx.out.add('BPMN_DANGLING_REFERENCE', node, 'boundary event is attached to nothing');
    return;
  }
  def.attachedTo = activity.id;
  if (!ACTIVITY_TYPES.has(localType(activity))) {
    ctx.unsupported(node, `boundary event attached to ${activity.$type} "${activity.id}", which is not an activity`);
  }
}
