/** What one matched rule produced: its id and its outputs by output name. */
export interface MatchedRule {
  ruleId: string;
  outputs: Record<string, unknown>;
}

/** The evaluation of one decision, kept as evidence (decision.evaluated). */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  /** Input values by input label (or expression) for a table; empty for a literal expression. */
  inputs: Record<string, unknown>;
  matchedRules: MatchedRule[];
  /** The result as Camunda 8 gives it: a value, a context, a list of them, or an aggregate. */
  value: unknown;
  /**
   * The result as Camunda 7's DmnDecisionResult holds it: one entry per matched rule (or one entry
   * with the aggregate, or with a literal expression's variable), outputs by name.
   */
  resultList: Array<Record<string, unknown>>;
}

/** The evaluation of a decision and, before it, of every decision it requires (in evaluation order). */
export interface DecisionOutcome extends EvaluatedDecision {
  required: EvaluatedDecision[];
}
