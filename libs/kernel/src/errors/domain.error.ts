/**
 * Domain failures carry a code; the API's one exception filter maps codes to HTTP statuses.
 * `fault` says who must act: the caller (`user`) or the operator (`infrastructure`).
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_STATE'
  | 'DEPLOYMENT_EMPTY'
  | 'DEPLOYMENT_DUPLICATE_PROCESS'
  | 'TASK_NOT_ACTIVE'
  | 'TASK_CLAIMED'
  | 'INSTANCE_NOT_ACTIVE'
  | 'INSTANCE_SUSPENDED'
  | 'BUSINESS_KEY_TAKEN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'MESSAGE_DUPLICATE'
  | 'JOB_NOT_ACTIVE'
  | 'INCIDENT_NOT_OPEN'
  /** A trigger named an element where nothing waits for one. */
  | 'ELEMENT_NOT_WAITING'
  /** A deployed decision failed on the variables given (UNIQUE with two matches, ANY with differing outputs…). */
  | 'DECISION_EVALUATION_FAILED'
  /** A DMN document refused at deploy time. */
  | 'DMN_INVALID'
  /** 退回 to an element that is no return target of the task. */
  | 'RETURN_TARGET_NOT_ALLOWED'
  /** 催办 again within the interval; `details.retryAfterSeconds` says when it is allowed. */
  | 'URGE_TOO_SOON'
  /** 撤回 when the next step has moved on (claimed, drafted, completed) or the task is not the latest of its step. */
  | 'WITHDRAW_REFUSED'
  /** 委派 pending: the delegate resolves the task before anyone completes, transfers or delegates it. */
  | 'TASK_DELEGATED'
  | 'TASK_NOT_DELEGATED'
  /** An instance migration the target definition cannot take (the message names every reason). */
  | 'MIGRATION_REFUSED'
  /** 加签 / 减签 refused in the task's present state (a single task asked for parallel signers, the last or a completed signer removed…). */
  | 'SIGNERS_REFUSED'
  /** 常用意见: the user keeps as many phrases as allowed. */
  | 'PHRASE_LIMIT'
  /** Refusals of a BPMN document at deploy time (`BPMN_NO_START_EVENT`, …). */
  | `BPMN_${string}`;

export class DomainError extends Error {
  readonly fault: 'user' | 'infrastructure' = 'user';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`, { resource: what, id });
  }
}

/** A concurrent command changed the same instance or task first; nothing of this command was written. */
export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}
