import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef, ElementType } from '../model/process-model';
import { compileActivity } from './activity.compiler';
import { refuseCamundaBehaviour } from './camunda-behaviour.rule';
import type { CompileContext } from './compile.context';
import { ACTIVITY_TYPES, EVENT_TYPES, GATEWAY_TYPES } from './element-kind.sets';
import { compileEvent } from './event.compiler';
import { compileIoMapping } from './io-mapping.compiler';
import { refuseListeners } from './listener.rule';
import { attributeOf, localType } from './moddle-access.util';
import { compileTongbanExtension } from './tongban-extension.compiler';
import { hasJuel } from '../juel/juel-text.translator';

/** Flow nodes that are modelled in BPMN but not run by libs/engine, with the reason shown to the designer. */
const UNSUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported; use inclusive or exclusive gateways',
  'bpmn:Transaction': 'transaction subprocesses are not supported; use a subprocess with compensation',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not supported',
  'bpmn:ImplicitThrowEvent': 'implicit throw events are not supported',
};

/**
 * One flow node of an executable process as an ElementDef: its BPMN type, scope and every
 * execution attribute the engine needs. Undefined (with a problem) when tongban cannot run it.
 */
export function compileFlowNode(node: ModdleElement, scope: string, inEventSubprocess: boolean, ctx: CompileContext): ElementDef | undefined {
  const type = localType(node);
  if (!EVENT_TYPES.has(type) && !ACTIVITY_TYPES.has(type) && !GATEWAY_TYPES.has(type)) {
    ctx.unsupported(node, UNSUPPORTED[node.$type] ?? `${node.$type} is not supported in an executable process`);
    return undefined;
  }
  refuseListeners(node, ctx);
  refuseCamundaBehaviour(node, ctx);
  const def: ElementDef = { id: node.id!, type: type as ElementType, scope, incoming: [], outgoing: [] };
  if (node.name) def.name = String(node.name);
  if (def.name !== undefined && type === 'userTask' && hasJuel(def.name)) {
    const name = ctx.feel(node, def.name, 'name');
    if (name !== undefined) def.nameExpression = `=${name}`;
  }
  if (node.default) def.defaultFlow = node.default.id;

  const { inputs, outputs } = compileIoMapping(node, ctx);
  if (inputs) def.inputs = inputs;
  if (outputs) def.outputs = outputs;
  if (EVENT_TYPES.has(type)) compileEvent(node, def, inEventSubprocess, ctx);
  if (ACTIVITY_TYPES.has(type)) compileActivity(node, def, ctx);

  if (attributeOf(node, 'camunda:asyncBefore') === 'true' || attributeOf(node, 'camunda:async') === 'true') def.asyncBefore = true;
  if (attributeOf(node, 'camunda:asyncAfter') === 'true') def.asyncAfter = true;
  const initiator = type === 'startEvent' ? attributeOf(node, 'camunda:initiator') : undefined;
  if (initiator) def.initiatorVariable = initiator;
  const department = attributeOf(node, 'tongban:department');
  if (department && !def.department) def.department = department;
  const tongban = compileTongbanExtension(node, ctx);
  if (tongban) def.tongban = tongban;
  return def;
}
