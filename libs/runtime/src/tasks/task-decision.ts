import { DEFAULT_DECISION_VARIABLE, DEFAULT_DECISIONS, type ElementDef } from '@tongban/bpmn';
import type { Variables } from '@tongban/engine';
import { DomainError } from '../errors/domain.error';

/** The longest written opinion (审批意见) a completion may carry. */
export const MAX_COMMENT_LENGTH = 2000;

/** What a clerk decides when completing a task: `approve`, `reject` or a decision the model declares, and why. */
export interface TaskOpinion {
  decision?: string;
  comment?: string;
}

/** A completion as recorded: the variables it writes (the decision's variable included), its decision and opinion. */
export interface DecidedCompletion {
  variables: Variables | undefined;
  decision: string | null;
  comment: string | null;
}

/**
 * Checks a completion's decision against the user task it completes and adds the decision to its
 * variables under the task's decision variable (`tongban:decisionVariable`, else `decision`), so
 * gateways route on it. A task declaring `tongban:decisions` needs one of them; any other task may
 * be completed without a decision or with `approve` or `reject`. Refusals are 400 VALIDATION_FAILED.
 */
export function decideCompletion(element: ElementDef | undefined, variables: Variables | undefined, opinion: TaskOpinion): DecidedCompletion {
  const declared = element?.tongban?.decisions;
  const allowed = declared ?? DEFAULT_DECISIONS;
  const { decision, comment } = opinion;
  if (comment !== undefined && comment.length > MAX_COMMENT_LENGTH) {
    throw refusal('comment', 'too-long', `comment has ${comment.length} characters; at most ${MAX_COMMENT_LENGTH}`);
  }
  if (decision === undefined) {
    if (declared) throw refusal('decision', 'required', `task ${element!.id} needs a decision: one of ${allowed.join(', ')}`);
    return { variables, decision: null, comment: comment ?? null };
  }
  if (!allowed.includes(decision)) throw refusal('decision', 'unknown', `"${decision}" is not a decision of task ${element?.id ?? ''}: one of ${allowed.join(', ')}`);
  const name = element?.tongban?.decisionVariable ?? DEFAULT_DECISION_VARIABLE;
  if (variables && name in variables && variables[name] !== decision) {
    throw refusal(`variables.${name}`, 'conflict', `variables.${name} (${JSON.stringify(variables[name])}) contradicts decision "${decision}"`);
  }
  return { variables: { ...variables, [name]: decision }, decision, comment: comment ?? null };
}

function refusal(field: string, reason: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { errors: [{ field, reason, message }] });
}
