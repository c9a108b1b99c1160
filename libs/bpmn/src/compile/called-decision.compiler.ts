import type { ModdleElement } from 'bpmn-moddle';
import type { CalledDecisionDef, DecisionResultMapping } from '../model/process-model';
import type { CompileContext } from './compile.context';
import { attributeOf, extensionOf } from './moddle-access.util';

const RESULT_MAPPINGS = new Set<string>(['singleEntry', 'singleResult', 'collectEntries', 'resultList']);

/**
 * The decision a business rule task evaluates: Camunda 8 `zeebe:calledDecision decisionId resultVariable`
 * (the variable receives the decision's result), or Camunda 7 `camunda:decisionRef` with
 * `camunda:resultVariable` and `camunda:mapDecisionResult` (Camunda 7's result mappings). Only the
 * latest deployed version is bound; a decision id given as an expression and other bindings are refused.
 */
export function compileCalledDecision(node: ModdleElement, ctx: CompileContext): CalledDecisionDef | undefined {
  const zeebe = extensionOf(node, 'zeebe:CalledDecision');
  if (zeebe) {
    const decisionId = attributeOf(zeebe, 'decisionId');
    const resultVariable = attributeOf(zeebe, 'resultVariable');
    if (!decisionId || !resultVariable) {
      ctx.out.add('BPMN_INVALID_MODEL', node, 'zeebe:calledDecision needs a decisionId and a resultVariable');
      return undefined;
    }
    if (decisionId.startsWith('=')) {
      ctx.unsupported(node, `zeebe:calledDecision decisionId="${decisionId}" (an expression) is not supported; name the decision`);
      return undefined;
    }
    return { decisionId, resultVariable, dialect: 'zeebe' };
  }
  const decisionRef = attributeOf(node, 'camunda:decisionRef');
  if (!decisionRef) return undefined;
  if (/^[$#]\{/.test(decisionRef)) {
    ctx.unsupported(node, `camunda:decisionRef="${decisionRef}" (an expression) is not supported; name the decision`);
    return undefined;
  }
  const binding = attributeOf(node, 'camunda:decisionRefBinding') ?? 'latest';
  if (binding !== 'latest') {
    ctx.unsupported(node, `camunda:decisionRefBinding="${binding}" is not supported; decisions are bound to their latest version`);
    return undefined;
  }
  if (attributeOf(node, 'camunda:decisionRefTenantId')) ctx.unsupported(node, 'camunda:decisionRefTenantId is not supported');
  const mapping = attributeOf(node, 'camunda:mapDecisionResult') ?? 'resultList';
  if (!RESULT_MAPPINGS.has(mapping)) {
    ctx.unsupported(node, `camunda:mapDecisionResult="${mapping}" is not supported (singleEntry, singleResult, collectEntries, resultList are)`);
    return undefined;
  }
  return { decisionId: decisionRef, resultVariable: attributeOf(node, 'camunda:resultVariable'), mapResult: mapping as DecisionResultMapping, dialect: 'camunda' };
}
