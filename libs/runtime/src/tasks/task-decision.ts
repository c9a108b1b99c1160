import { DEFAULT_DECISION_VARIABLE, DEFAULT_DECISIONS, type ProcessModel } from '@tongban/bpmn';
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
 * be completed without a decision or with `approve` or `reject`. A completion never writes the
 * decision variable another task declares (another department's decision). A completion without a
 * decision that writes `true` or `false` to the task's declared decision variable (the earlier form
 * `{approved: true}`) is recorded as `approve` or `reject`. Refusals are 400 VALIDATION_FAILED.
 */
export function decideCompletion(model: ProcessModel, elementId: string, variables: Variables | undefined, opinion: TaskOpinion): DecidedCompletion {
  const element = model.elements[elementId];
  const own = element?.tongban?.decisionVariable ?? DEFAULT_DECISION_VARIABLE;
  for (const other of Object.values(model.elements)) {
    const theirs = other.tongban?.decisionVariable;
    if (other.id !== elementId && theirs && theirs !== own && variables && theirs in variables) {
      throw refusal(`variables.${theirs}`, 'not-allowed', `variables.${theirs} is the decision of task ${other.id}; a completion of ${elementId} cannot write it`);
    }
  }
  const declared = element?.tongban?.decisions;
  const allowed = declared ?? DEFAULT_DECISIONS;
  const { decision, comment } = opinion;
  if (comment !== undefined && comment.length > MAX_COMMENT_LENGTH) {
    throw refusal('comment', 'too-long', `comment has ${comment.length} characters; at most ${MAX_COMMENT_LENGTH}`);
  }
  if (decision === undefined) {
    if (declared) throw refusal('decision', 'required', `task ${element!.id} needs a decision: one of ${allowed.join(', ')}`);
    const given = element?.tongban?.decisionVariable ? variables?.[own] : undefined;
    const recorded = given === true ? 'approve' : given === false ? 'reject' : null;
    return { variables, decision: recorded, comment: comment ?? null };
  }
  if (!allowed.includes(decision)) throw refusal('decision', 'unknown', `"${decision}" is not a decision of task ${element?.id ?? ''}: one of ${allowed.join(', ')}`);
  if (variables && own in variables && variables[own] !== decision) {
    throw refusal(`variables.${own}`, 'conflict', `variables.${own} (${JSON.stringify(variables[own])}) contradicts decision "${decision}"`);
  }
  return { variables: { ...variables, [own]: decision }, decision, comment: comment ?? null };
}

function refusal(field: string, reason: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { errors: [{ field, reason, message }] });
}
