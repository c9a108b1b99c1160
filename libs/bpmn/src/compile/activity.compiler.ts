import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef } from '../model/process-model';
import { compileAssignment } from './assignment.compiler';
import { compileCallActivity } from './call-activity.compiler';
import { compileCalledDecision } from './called-decision.compiler';
import { compileCallMappings } from './call-mapping.compiler';
import type { CompileContext } from './compile.context';
import { definedOnly } from './defined-only.util';
import { JOB_TYPES } from './element-kind.sets';
import { compileFormKey, compileFormId } from './form-key.compiler';
import { compileJob } from './job.compiler';
import { compileMessageSubscription } from './message-subscription.compiler';
import { attributeOf, extensionOf } from './moddle-access.util';
import { isExpression } from '../feel/feel-source.util';
import { compileMultiInstance } from './multi-instance.compiler';
import { compileScript } from './script.compiler';

/**
 * The activity part of an ElementDef: compensation and multi-instance markers, who does a user
 * task, the job or FEEL script of service-like tasks, the message of a receive task, the process
 * a call activity starts, the decision a business rule task evaluates. Implementations tongban cannot run (Java delegates, token
 * quantities other than one) are refused.
 */
export function compileActivity(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  if (node.isForCompensation) def.isForCompensation = true;
  refuseTokenQuantities(node, ctx);
  const multiInstance = compileMultiInstance(node, ctx);
  if (multiInstance) def.multiInstance = multiInstance;

  switch (def.type) {
    case 'userTask':
      Object.assign(def, definedOnly(compileAssignment(node, ctx)), definedOnly({ formKey: compileFormKey(node), formId: compileFormId(node) }));
      break;
    case 'receiveTask':
      // without a message: a plain wait state, triggered over REST (Camunda 7's signal)
      if (node.messageRef || attributeOf(node, 'tongban:correlationKey')) {
        def.event = compileMessageSubscription(node, node.messageRef, ctx);
        if (!def.event.messageName) ctx.out.add('BPMN_INVALID_MODEL', node, 'a receive task needs a message with a name');
      }
      break;
    case 'callActivity':
      compileCall(node, def, ctx);
      break;
    case 'subProcess':
      if (node.triggeredByEvent) def.triggeredByEvent = true;
      break;
  }
  if (JOB_TYPES.has(def.type)) compileWork(node, def, ctx);
}

/** Service, send, script and business-rule tasks: a job for a worker, or a FEEL script. */
function compileWork(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  Object.assign(def, definedOnly(compileJob(node, ctx)));
  if (def.type === 'scriptTask' || def.type === 'businessRuleTask') {
    const script = compileScript(node, ctx);
    if (script) def.script = script;
  }
  if (def.type === 'businessRuleTask') {
    const decision = compileCalledDecision(node, ctx);
    if (decision && (def.jobType || def.script)) ctx.unsupported(node, 'a business rule task calls a decision or runs a job or script, not both');
    else if (decision) def.calledDecision = decision;
  } else if (extensionOf(node, 'zeebe:CalledDecision') || attributeOf(node, 'camunda:decisionRef')) {
    ctx.unsupported(node, 'a called decision belongs on a business rule task');
  }
  compileCamundaExpression(node, def, ctx);
  for (const attribute of ['camunda:class', 'camunda:delegateExpression']) {
    const value = attributeOf(node, attribute);
    if (value) {
      ctx.unsupported(node, `${attribute}="${value}" (a Java delegate) cannot run; give the task a job type (zeebe:taskDefinition, tongban:taskType or camunda:type="external")`);
    }
  }
  if (extensionOf(node, 'camunda:Connector')) {
    ctx.unsupported(node, 'camunda:connector (a Java connector) cannot run; give the task a job type (zeebe:taskDefinition, tongban:taskType or camunda:type="external")');
  }
  if (def.type === 'scriptTask' && !def.script && !def.jobType && !ctx.out.has('BPMN_UNSUPPORTED_ELEMENT', def.id)) {
    ctx.unsupported(node, 'script task has neither a FEEL script nor a job type');
  }
}

/**
 * A Camunda 7 `camunda:expression` on a service or send task is evaluated, its value stored in
 * `camunda:resultVariable` when there is one: it runs as a FEEL script task. An expression outside
 * the translated JUEL subset (a bean method call) is refused by ctx.feel, naming the element.
 */
function compileCamundaExpression(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  const raw = attributeOf(node, 'camunda:expression');
  if (raw === undefined) return;
  if (!isExpression(raw)) {
    ctx.unsupported(node, `camunda:expression="${raw}" is not an expression (\${…})`);
    return;
  }
  const expression = ctx.feel(node, raw, 'camunda:expression');
  if (expression === undefined) return;
  def.type = 'scriptTask';
  def.script = { expression, resultVariable: attributeOf(node, 'camunda:resultVariable') };
}

function compileCall(node: ModdleElement, def: ElementDef, ctx: CompileContext): void {
  for (const attribute of ['camunda:variableMappingClass', 'camunda:variableMappingDelegateExpression']) {
    const value = attributeOf(node, attribute);
    if (value) ctx.unsupported(node, `${attribute}="${value}" (Java variable mapping) cannot run; map variables with camunda:in / camunda:out or zeebe:ioMapping`);
  }
  const called = compileCallActivity(node, ctx);
  if (called) def.calledElement = called;
  const { inputs, outputs } = compileCallMappings(node, ctx);
  if (inputs.length > 0) def.inputs = [...(def.inputs ?? []), ...inputs];
  if (outputs.length > 0) def.outputs = [...(def.outputs ?? []), ...outputs];
}

function refuseTokenQuantities(node: ModdleElement, ctx: CompileContext): void {
  for (const quantity of ['startQuantity', 'completionQuantity']) {
    if (node[quantity] !== undefined && Number(node[quantity]) !== 1) {
      ctx.unsupported(node, `${quantity}="${node[quantity]}" is not supported; an activity consumes and produces one token`);
    }
  }
}
