import type { ModdleElement } from 'bpmn-moddle';
import type { EventDef, EventKind, TimerDef } from '../model/process-model';
import { isExpression } from '../feel/feel-source.util';
import type { CompileContext } from './compile.context';
import { foreignLanguageOf } from './expression-language.rule';
import { compileMessageSubscription } from './message-subscription.compiler';
import { attributeOf, bodyOf } from './moddle-access.util';
import { timerTextProblem } from './timer-text.rules';

const KINDS: Record<string, EventKind> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:CompensateEventDefinition': 'compensate',
};

/**
 * The single event definition of an event, as an EventDef (`none` when it has none).
 * More than one definition, or one libs/engine does not run (cancel…), is refused.
 */
export function compileEventDefinition(event: ModdleElement, ctx: CompileContext): EventDef | undefined {
  const definitions: ModdleElement[] = [...(event.eventDefinitions ?? []), ...(event.eventDefinitionRefs ?? [])];
  if (definitions.length === 0) return { kind: 'none' };
  if (definitions.length > 1) {
    ctx.unsupported(event, `has ${definitions.length} event definitions; multiple (parallel) event triggers are not supported`);
    return undefined;
  }
  const definition = definitions[0];
  const kind = KINDS[definition.$type];
  if (!kind) {
    ctx.unsupported(event, `event definition ${definition.$type} is not supported`);
    return undefined;
  }
  const def: EventDef = { kind };
  switch (kind) {
    case 'message':
      return compileMessageSubscription(event, definition.messageRef, ctx);
    case 'timer':
      def.timer = timerOf(event, definition, ctx);
      break;
    case 'signal':
      def.signalName = definition.signalRef?.name ?? definition.signalRef?.id;
      break;
    case 'error':
      def.code = definition.errorRef?.errorCode ?? undefined;
      {
        const codeVariable = attributeOf(definition, 'camunda:errorCodeVariable');
        const messageVariable = attributeOf(definition, 'camunda:errorMessageVariable');
        if (codeVariable) def.errorCodeVariable = codeVariable;
        if (messageVariable) def.errorMessageVariable = messageVariable;
      }
      break;
    case 'escalation':
      def.code = definition.escalationRef?.escalationCode ?? undefined;
      break;
    case 'conditional':
      def.conditionExpression = conditionOf(event, definition.condition, ctx);
      break;
    case 'link':
      def.linkName = definition.name ?? undefined;
      if (!def.linkName) ctx.out.add('BPMN_INVALID_MODEL', event, 'link event has no link name');
      break;
    case 'compensate':
      def.activityRef = definition.activityRef?.id;
      def.waitForCompletion = definition.waitForCompletion !== false;
      break;
  }
  return def;
}

function conditionOf(event: ModdleElement, condition: ModdleElement | undefined, ctx: CompileContext): string | undefined {
  const body = bodyOf(condition);
  if (body === undefined) {
    ctx.out.add('BPMN_INVALID_MODEL', event, 'conditional event has no condition');
    return undefined;
  }
  const language = foreignLanguageOf(condition!, body, ctx.documentLanguage);
  if (language) {
    ctx.unsupported(event, `condition language "${language}" is not supported; write FEEL`);
    return undefined;
  }
  return ctx.feel(event, body, 'condition');
}

function timerOf(event: ModdleElement, definition: ModdleElement, ctx: CompileContext): TimerDef | undefined {
  const variants: Array<[TimerDef['type'], string | undefined]> = [
    ['duration', bodyOf(definition.timeDuration)],
    ['date', bodyOf(definition.timeDate)],
    ['cycle', bodyOf(definition.timeCycle)],
  ];
  const set = variants.filter(([, expression]) => expression !== undefined);
  if (set.length !== 1) {
    ctx.out.add('BPMN_INVALID_MODEL', event, 'a timer needs exactly one of timeDuration, timeDate, timeCycle');
    return undefined;
  }
  const [type, expression] = set[0] as [TimerDef['type'], string];
  if (!isExpression(expression)) {
    const problem = timerTextProblem(type, expression);
    if (problem?.unsupported) ctx.unsupported(event, problem.message);
    else if (problem) ctx.out.add('BPMN_INVALID_MODEL', event, `timer ${type} ${problem.message}`);
    return { type, expression };
  }
  return { type, expression: `=${ctx.feel(event, expression, `timer ${type}`)}` };
}
