/**
 * Errors the engine throws for a command it cannot apply. The state is unchanged when one is thrown.
 * `retryable` says whether the same command can succeed later (it never can for these).
 */
export type EngineErrorCode =
  /** No wait state with that key exists (already completed, withdrawn, or never existed). */
  | 'WAIT_NOT_FOUND'
  /** The key exists but is of another kind (e.g. completing a timer as a task). */
  | 'WAIT_KIND_MISMATCH'
  /** The instance has ended. */
  | 'INSTANCE_NOT_ACTIVE'
  /** The model has no start event of the requested kind. */
  | 'NO_START_EVENT'
  /** The state was written by an incompatible engine format. */
  | 'STATE_FORMAT'
  /** A modification names an element the process does not have. */
  | 'ELEMENT_NOT_FOUND'
  /** A modification names an element instance key the instance does not have. */
  | 'ELEMENT_INSTANCE_NOT_FOUND'
  /** A modification instruction the BPMN semantics do not allow (the message names the element and why). */
  | 'MODIFICATION_REFUSED'
  /** An instance migration the target model cannot take (the message lists every reason). */
  | 'MIGRATION_REFUSED';

export class EngineError extends Error {
  readonly retryable = false;

  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
