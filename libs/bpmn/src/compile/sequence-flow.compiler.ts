import type { ModdleElement } from 'bpmn-moddle';
import type { ElementDef, FlowDef } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { foreignLanguageOf } from './expression-language.rule';
import { bodyOf } from './moddle-access.util';

/**
 * A sequence flow between two compiled flow nodes of the same scope, with its condition as a
 * FEEL body. A flow that does not connect two such nodes is a dangling reference.
 */
export function compileSequenceFlow(flow: ModdleElement, elements: Record<string, ElementDef>, ctx: CompileContext): FlowDef | undefined {
  const source: string | undefined = flow.sourceRef?.id;
  const target: string | undefined = flow.targetRef?.id;
  if (!source || !target) {
    if (!ctx.out.has('BPMN_DANGLING_REFERENCE', flow.id)) {
      ctx.out.add('BPMN_DANGLING_REFERENCE', flow, `sequence flow has no ${source ? 'targetRef' : 'sourceRef'}`);
    }
    return undefined;
  }
  if (!elements[source] || !elements[target]) {
    const missing = elements[source] ? target : source;
    if (!ctx.out.hasAny(missing)) {
      ctx.out.add('BPMN_DANGLING_REFERENCE', flow, `"${missing}" is not a flow node of this process`);
    }
    return undefined;
  }
  if (elements[source].scope !== elements[target].scope) {
    ctx.out.add('BPMN_INVALID_MODEL', flow, `connects "${source}" and "${target}", which lie in different scopes`);
    return undefined;
  }
  const def: FlowDef = { id: flow.id!, source, target };
  if (flow.name) def.name = String(flow.name);
  const expression: ModdleElement | undefined = flow.conditionExpression;
  const body = bodyOf(expression);
  if (body !== undefined) {
    const language = foreignLanguageOf(expression!, body, ctx.documentLanguage);
    if (language) ctx.unsupported(flow, `condition language "${language}" is not supported; write FEEL`);
    else def.condition = ctx.feel(flow, body, 'condition');
  }
  return def;
}
