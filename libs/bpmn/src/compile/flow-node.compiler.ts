import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef, ElementType } from '../model/process-model';
import { compileAssignment } from './assignment.compiler';
import { compileCallActivity } from './call-activity.compiler';
import { compileCallMappings } from './call-mapping.compiler';
import type { CompileContext } from './compile.context';
import { compileEventDefinition } from './event-definition.compiler';
import { compileFormKey } from './form-key.compiler';
import { isAllowedEventKind } from './event-kind.rules';
import { compileIoMapping } from './io-mapping.compiler';
import { compileJob } from './job.compiler';
import { attributeOf, extensionOf, localType } from './moddle-access.util';
import { compileMultiInstance } from './multi-instance.compiler';
import { compileScript } from './script.compiler';
import { compileTongbanExtension } from './tongban-extension.compiler';

export const EVENT_TYPES = new Set<string>(['startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent']);
export const ACTIVITY_TYPES = new Set<string>([
  'task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'manualTask', 'businessRuleTask', 'scriptTask', 'subProcess', 'callActivity',
]);
const GATEWAY_TYPES = new Set<string>(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway']);
const JOB_TYPES = new Set<string>(['serviceTask', 'sendTask', 'businessRuleTask', 'scriptTask']);

/** Flow nodes that are modelled in BPMN but not run by libs/engine, with the reason shown to the designer. */
const UNSUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported; use inclusive or exclusive gateways',
  'bpmn:Transaction': 'transaction subprocesses are not supported; use a subprocess with compensation',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not supported',
  'bpmn:ImplicitThrowEvent': 'implicit throw events are not supported',
  'bpmn:ChoreographyTask': 'choreographies are not executable',
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
  const def: ElementDef = { id: node.id!, type: type as ElementType, scope, incoming: [], outgoing: [] };
  if (node.name) def.name = String(node.name);
  if (node.default) def.defaultFlow = node.default.id;

  Object.assign(def, withoutUndefined(compileIoMapping(node, ctx)));
  if (EVENT_TYPES.has(type)) compileEvent(node, def, inEventSubprocess, ctx);
  if (ACTIVITY_TYPES.has(type)) compileActivity(node, def, ctx);
  if (attributeOf(node, 'camunda:asyncBefore') === 'true' || attributeOf(node, 'camunda:async') === 'true') def.asyncBefore = true;
  if (attributeOf(node, 'camunda:asyncAfter') === 'true') def.asyncAfter = true;
  const department = attributeOf(node, 'tongban:department');
  if (department && !def.department) def.department = department;
  const tongban = compileTongbanExtension(node, ctx);
  if (tongban) def.tongban = tongban;
  return def;
}

function compileEvent(node: ModdleElement, def: ElementDef, inEventSubprocess: boolean, ctx: CompileContext): void {
  const event = compileEventDefinition(node, ctx);
  if (!event) return;
  if (!isAllowedEventKind(def.type, event.kind, inEventSubprocess)) {
    ctx.unsupported(node, `${event.kind} event definition is not supported on ${def.type}${inEventSubprocess ? ' in an event subprocess' : ''}`);
    return;
  }
  def.event = event;
  if (def.type === 'boundaryEvent') {
    def.attachedTo = node.attachedToRef?.id;
    def.interrupting = node.cancelActivity !== false;
    if (!node.attachedToRef) ctx.out.add('BPMN_DANGLING_REFERENCE', node, 'boundary event is attached to nothing');
    else if (!ACTIVITY_TYPES.has(localType(node.attachedToRef))) {
      ctx.unsupported(node, `boundary event attached to ${node.attachedToRef.$type} "${node.attachedToRef.id}", which is not an activity`);
    }
  }
  if (def.type === 'startEvent' && inEventSubprocess) def.interrupting = node.isInterrupting !== false;
}

function compileActivity(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  if (node.isForCompensation) def.isForCompensation = true;
  for (const quantity of ['startQuantity', 'completionQuantity']) {
    if (node[quantity] !== undefined && Number(node[quantity]) !== 1) {
      ctx.unsupported(node, `${quantity}="${node[quantity]}" is not supported; an activity consumes and produces one token`);
    }
  }
  const multiInstance = compileMultiInstance(node, ctx);
  if (multiInstance) def.multiInstance = multiInstance;

  if (def.type === 'userTask') {
    Object.assign(def, withoutUndefined(compileAssignment(node, ctx)));
    const formKey = compileFormKey(node);
    if (formKey) def.formKey = formKey;
  }
  if (JOB_TYPES.has(def.type)) Object.assign(def, withoutUndefined(compileJob(node, ctx)));
  if (def.type === 'scriptTask' || def.type === 'businessRuleTask') {
    const script = compileScript(node, ctx);
    if (script) def.script = script;
  }
  if (def.type === 'businessRuleTask') refuseDecisions(node, ctx);
  if (JOB_TYPES.has(def.type)) refuseJavaDelegates(node, ctx);
  if (def.type === 'scriptTask' && !def.script && !def.jobType && !ctx.out.has('BPMN_UNSUPPORTED_ELEMENT', def.id)) {
    ctx.unsupported(node, 'script task has neither a FEEL script nor a job type');
  }
  if (def.type === 'receiveTask') {
    def.event = { kind: 'message', messageName: node.messageRef?.name ?? undefined };
    const key = attributeOf(node, 'tongban:correlationKey') ?? attributeOf(extensionOf(node.messageRef, 'zeebe:Subscription'), 'correlationKey');
    if (key !== undefined) def.event.correlationKey = ctx.feel(node, key, 'correlation key');
  }
  if (def.type === 'callActivity') {
    const called = compileCallActivity(node, ctx);
    if (called) def.calledElement = called;
    const { inputs, outputs } = compileCallMappings(node, ctx);
    if (inputs.length > 0) def.inputs = [...(def.inputs ?? []), ...inputs];
    if (outputs.length > 0) def.outputs = [...(def.outputs ?? []), ...outputs];
  }
  if (def.type === 'subProcess' && node.triggeredByEvent) def.triggeredByEvent = true;
}

/** Decision tables (DMN) are not evaluated by tongban: a business-rule task needs a script or a job. */
function refuseDecisions(node: ModdleElement, ctx: CompileContext): void {
  if (extensionOf(node, 'zeebe:CalledDecision') || attributeOf(node, 'camunda:decisionRef')) {
    ctx.unsupported(node, 'DMN decisions are not supported; use a FEEL script or a job type');
  }
}

/** Camunda 7 Java delegates cannot run in tongban: service-like tasks are jobs for workers. */
function refuseJavaDelegates(node: ModdleElement, ctx: CompileContext): void {
  for (const attribute of ['camunda:class', 'camunda:delegateExpression', 'camunda:expression']) {
    const value = attributeOf(node, attribute);
    if (value) ctx.unsupported(node, `${attribute}="${value}" (a Java delegate) cannot run; give the task a job type (zeebe:taskDefinition, tongban:taskType or camunda:type="external")`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
