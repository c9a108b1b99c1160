import type { ModdleElement } from 'bpmn-moddle';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionsOf } from './moddle-access.util';

const THROW_EVENTS = new Set(['bpmn:EndEvent', 'bpmn:IntermediateThrowEvent']);

/**
 * Camunda 7 attributes that change what a flow node does and that Tongban does not do; ignoring
 * them would run the model differently, so each is refused naming the element:
 * - `camunda:type` other than `external` (Camunda 7's built-in mail, shell… tasks);
 * - `camunda:field` (field injection configures Java delegates and those built-in tasks);
 * - `camunda:escalationCodeVariable` (the caught escalation code stored in a variable);
 * - `camunda:variableName` / `camunda:variableEvents` (which variable changes wake a conditional event);
 * - `camunda:errorMessage` on an error a throw event throws (the message the catcher stores).
 */
export function refuseCamundaBehaviour(node: ModdleElement, ctx: CompileContext): void {
  const type = attributeOf(node, 'camunda:type');
  if (type !== undefined && type !== 'external') {
    ctx.unsupported(node, `camunda:type="${type}" (Camunda 7's built-in ${type} task) cannot run; give the task a job type (zeebe:taskDefinition, tongban:taskType or camunda:type="external")`);
  } else if (extensionsOf(node, 'camunda:Field').length > 0) {
    ctx.unsupported(node, 'camunda:field (field injection into a Java delegate) cannot run; give the task a job type and pass values as input mappings');
  }
  for (const definition of (node.eventDefinitions ?? []) as ModdleElement[]) {
    if (attributeOf(definition, 'camunda:escalationCodeVariable')) {
      ctx.unsupported(node, 'camunda:escalationCodeVariable is not supported: the caught escalation code is not stored in a variable');
    }
    if (attributeOf(definition, 'camunda:variableName') || attributeOf(definition, 'camunda:variableEvents')) {
      ctx.unsupported(node, 'camunda:variableName / camunda:variableEvents are not supported: a conditional event is evaluated on every change of the variables it can see');
    }
    if (THROW_EVENTS.has(node.$type) && attributeOf(definition.errorRef, 'camunda:errorMessage')) {
      ctx.unsupported(node, `camunda:errorMessage of error "${definition.errorRef.id}" is not supported: the thrown error carries only its code`);
    }
  }
}
