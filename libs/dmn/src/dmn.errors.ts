/** What is wrong in a DMN document, at which element. */
export interface DmnProblem {
  elementId: string;
  message: string;
}

/** Thrown when a DMN document is refused at deploy; carries every problem found. */
export class DmnRefusal extends Error {
  readonly code = 'DMN_INVALID';

  constructor(readonly problems: DmnProblem[]) {
    super(`DMN refused: ${problems.map((p) => `${p.elementId}: ${p.message}`).join('; ')}`);
  }
}

/** Thrown when a decision cannot be evaluated (a modelling error at run time, not retryable without a change). */
export class DecisionEvaluationFailure extends Error {
  readonly code = 'DECISION_EVALUATION_FAILED';

  constructor(readonly decisionId: string, message: string, readonly matchedRules: string[] = []) {
    super(`decision '${decisionId}' ${message}`);
  }
}
