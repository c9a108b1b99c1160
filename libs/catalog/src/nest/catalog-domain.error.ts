import { DomainError, type DomainErrorCode } from '@tongban/runtime';
import { CatalogError, type CatalogErrorCode } from '../catalog.errors';

/**
 * Codes of the catalogue's API refusals besides `CatalogErrorCode`; the api's exception filter maps
 * APPLICATION_INCOMPLETE to 422, ATTACHMENT_TOO_LARGE to 413, ATTACHMENT_TYPE_NOT_ALLOWED to 415,
 * BUNDLE_NOT_DEPLOYED, CONFLICT, RATING_EXISTS, RATING_BEFORE_DECISION and FOLLOW_UP_NOT_PENDING to 409,
 * FORBIDDEN to 403, CALENDAR_YEAR_UNKNOWN to 422, everything else to 400.
 */
export type CatalogApiErrorCode =
  | CatalogErrorCode
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'APPLICATION_INCOMPLETE'
  | 'ATTACHMENT_TOO_LARGE'
  | 'ATTACHMENT_TYPE_NOT_ALLOWED'
  | 'BUNDLE_NOT_DEPLOYED'
  | 'BUNDLE_BPMN_INVALID'
  | 'RATING_EXISTS'
  | 'RATING_BEFORE_DECISION'
  | 'FOLLOW_UP_NOT_PENDING';

/** A catalogue refusal in the runtime's error hierarchy, so the API's one filter maps it. */
export class CatalogDomainError extends DomainError {
  constructor(code: CatalogApiErrorCode, message: string, details?: Record<string, unknown>) {
    super(code as DomainErrorCode, message, details);
  }
}

/** Runs `fn`, turning a pure-core `CatalogError` into a `CatalogDomainError` with the same code and details. */
export function translateCatalogError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CatalogError) throw new CatalogDomainError(error.code, error.message, error.details);
    throw error;
  }
}
