import { DecisionEvaluationFailure } from '../dmn.errors';
import type { DecisionDefinition, DecisionSet, DecisionTable, LiteralExpression } from '../model/decision-model';
import type { DmnFeel } from './dmn-feel.port';
import type { DecisionOutcome, EvaluatedDecision, MatchedRule } from './decision-result';
import { applyHitPolicy } from './hit-policy';
import { simpleExpression, simpleUnaryTest } from './simple-feel';

/**
 * Evaluates a decision of a parsed DecisionSet over the variables: first every decision it requires
 * (depth first, each once), whose results are visible to the dependents under the required decision's
 * id, then the decision itself. Throws DecisionEvaluationFailure naming the decision (and the matched
 * rules) when a FEEL cell fails, UNIQUE matches more than one rule or ANY matches rules that differ.
 */
export function evaluateDecision(set: DecisionSet, decisionId: string, variables: Record<string, unknown>, feel: DmnFeel): DecisionOutcome {
  const byId = new Map(set.decisions.map((d) => [d.id, d]));
  const target = byId.get(decisionId);
  if (!target) throw new DecisionEvaluationFailure(decisionId, `does not exist in decision requirements graph "${set.id}"`);
  const required: EvaluatedDecision[] = [];
  const scope: Record<string, unknown> = { ...variables };
  const done = new Set<string>();
  const visit = (decision: DecisionDefinition): EvaluatedDecision => {
    for (const id of decision.requires) {
      if (done.has(id)) continue;
      const requiredDecision = byId.get(id);
      if (!requiredDecision) throw new DecisionEvaluationFailure(decision.id, `requires decision "${id}", which does not exist`);
      const evaluated = visit(requiredDecision);
      required.push(evaluated);
      scope[id] = evaluated.value;
      done.add(id);
    }
    return evaluateOne(decision, scope, feel);
  };
  const outcome = visit(target);
  return { ...outcome, required };
}

function evaluateOne(decision: DecisionDefinition, variables: Record<string, unknown>, feel: DmnFeel): EvaluatedDecision {
  return decision.logic.kind === 'table'
    ? evaluateTable(decision, decision.logic, variables, feel)
    : evaluateLiteral(decision, decision.logic, variables, feel);
}

function evaluateLiteral(decision: DecisionDefinition, literal: LiteralExpression, variables: Record<string, unknown>, feel: DmnFeel): EvaluatedDecision {
  const result = feel.expression(literal.text, variables);
  if (!result.ok) throw new DecisionEvaluationFailure(decision.id, `failed in its literal expression: ${result.message}`);
  return { decisionId: decision.id, decisionName: decision.name, inputs: {}, matchedRules: [], value: result.value, resultList: [{ [literal.variableName]: result.value }] };
}

function evaluateTable(decision: DecisionDefinition, table: DecisionTable, variables: Record<string, unknown>, feel: DmnFeel): EvaluatedDecision {
  // 1. the input values
  const inputValues = table.inputs.map((input) => {
    const simple = simpleExpression(input.expression, variables);
    if (simple) return simple.value;
    const result = feel.expression(input.expression, variables);
    if (!result.ok) throw new DecisionEvaluationFailure(decision.id, `failed in input ${input.id}: ${result.message}`);
    return result.value;
  });
  // 2. the rules whose every input entry is satisfied, in table order
  const matched: MatchedRule[] = [];
  for (const rule of table.rules) {
    const matches = rule.inputEntries.every((entry, i) => {
      if (entry.text === '' || entry.text === '-') return true;
      const simple = simpleUnaryTest(entry.text, inputValues[i]);
      if (simple !== undefined) return simple;
      const result = feel.unaryTest(entry.text, inputValues[i], variables);
      if (!result.ok) throw new DecisionEvaluationFailure(decision.id, `failed in input entry ${entry.id} of rule ${rule.id}: ${result.message}`);
      return result.value === true;
    });
    if (matches) matched.push({ ruleId: rule.id, outputs: ruleOutputs(decision.id, table, rule.id, rule.outputEntries, variables, feel) });
  }
  // 3. the hit policy
  const { kept, value, aggregate } = applyHitPolicy(decision.id, table, matched, feel);
  const inputs = Object.fromEntries(table.inputs.map((input, i) => [input.label || input.expression, inputValues[i]]));
  const resultList = aggregate !== undefined ? [{ [table.outputs[0].name]: aggregate }] : kept.map((m) => m.outputs);
  return { decisionId: decision.id, decisionName: decision.name, inputs, matchedRules: kept, value, resultList };
}

function ruleOutputs(
  decisionId: string,
  table: DecisionTable,
  ruleId: string,
  entries: Array<{ id: string; text: string }>,
  variables: Record<string, unknown>,
  feel: DmnFeel,
): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  table.outputs.forEach((output, i) => {
    const entry = entries[i];
    if (!entry || entry.text === '') {
      outputs[output.name] = null;
      return;
    }
    const simple = simpleExpression(entry.text, {});
    if (simple) {
      outputs[output.name] = simple.value;
      return;
    }
    const result = feel.expression(entry.text, variables);
    if (!result.ok) throw new DecisionEvaluationFailure(decisionId, `failed in output entry ${entry.id} of rule ${ruleId}: ${result.message}`, [ruleId]);
    outputs[output.name] = result.value;
  });
  return outputs;
}
