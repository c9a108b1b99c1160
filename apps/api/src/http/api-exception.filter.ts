import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { BpmnValidationError } from '@tongban/bpmn';
import { EngineError } from '@tongban/engine';
import { RateLimitedError } from '@tongban/identity';
import { DomainError } from '@tongban/runtime';
import type { Response } from 'express';

/** The error body of every failed request. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const DOMAIN_STATUS: Record<string, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  TASK_CLAIMED: HttpStatus.CONFLICT,
  TASK_NOT_ACTIVE: HttpStatus.CONFLICT,
  INSTANCE_NOT_ACTIVE: HttpStatus.CONFLICT,
  INSTANCE_SUSPENDED: HttpStatus.CONFLICT,
  BUSINESS_KEY_TAKEN: HttpStatus.CONFLICT,
  MESSAGE_DUPLICATE: HttpStatus.CONFLICT,
  JOB_NOT_ACTIVE: HttpStatus.CONFLICT,
  INCIDENT_NOT_OPEN: HttpStatus.CONFLICT,
  ELEMENT_NOT_WAITING: HttpStatus.CONFLICT,
  RETURN_TARGET_NOT_ALLOWED: HttpStatus.CONFLICT,
  URGE_TOO_SOON: HttpStatus.TOO_MANY_REQUESTS,
  WITHDRAW_REFUSED: HttpStatus.CONFLICT,
  TASK_DELEGATED: HttpStatus.CONFLICT,
  TASK_NOT_DELEGATED: HttpStatus.CONFLICT,
  MIGRATION_REFUSED: HttpStatus.CONFLICT,
  SIGNERS_REFUSED: HttpStatus.CONFLICT,
  PHRASE_LIMIT: HttpStatus.UNPROCESSABLE_ENTITY,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  APPLICATION_INCOMPLETE: HttpStatus.UNPROCESSABLE_ENTITY,
  DECISION_EVALUATION_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  DMN_INVALID: HttpStatus.BAD_REQUEST,
  ATTACHMENT_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  ATTACHMENT_TYPE_NOT_ALLOWED: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  BUNDLE_NOT_DEPLOYED: HttpStatus.CONFLICT,
  CALENDAR_YEAR_UNKNOWN: HttpStatus.UNPROCESSABLE_ENTITY,
  RATING_EXISTS: HttpStatus.CONFLICT,
  RATING_BEFORE_DECISION: HttpStatus.CONFLICT,
  FOLLOW_UP_NOT_PENDING: HttpStatus.CONFLICT,
  TOTP_REQUIRED: HttpStatus.UNAUTHORIZED,
  PASSWORD_CHANGE_REQUIRED: HttpStatus.FORBIDDEN,
  TOTP_ENROLMENT_REQUIRED: HttpStatus.FORBIDDEN,
  SCOPE_MISSING: HttpStatus.FORBIDDEN,
  TOO_MANY_REQUESTS: HttpStatus.TOO_MANY_REQUESTS,
  ACCOUNT_LOCKED: HttpStatus.TOO_MANY_REQUESTS,
  OIDC_NOT_CONFIGURED: HttpStatus.NOT_FOUND,
  OIDC_STATE_INVALID: HttpStatus.BAD_REQUEST,
  OIDC_CODE_REFUSED: HttpStatus.UNAUTHORIZED,
  OIDC_CLAIMS_REFUSED: HttpStatus.FORBIDDEN,
  OIDC_DEPARTMENT_UNKNOWN: HttpStatus.FORBIDDEN,
  OIDC_TICKET_INVALID: HttpStatus.UNAUTHORIZED,
  OIDC_PROVIDER_UNAVAILABLE: HttpStatus.BAD_GATEWAY,
};

const ENGINE_STATUS: Record<string, number> = {
  WAIT_NOT_FOUND: HttpStatus.CONFLICT,
  WAIT_KIND_MISMATCH: HttpStatus.CONFLICT,
  INSTANCE_NOT_ACTIVE: HttpStatus.CONFLICT,
  NO_START_EVENT: HttpStatus.BAD_REQUEST,
  ELEMENT_NOT_FOUND: HttpStatus.NOT_FOUND,
  ELEMENT_INSTANCE_NOT_FOUND: HttpStatus.NOT_FOUND,
  MODIFICATION_REFUSED: HttpStatus.CONFLICT,
  MIGRATION_REFUSED: HttpStatus.CONFLICT,
};

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/** Errors raised by Express' body parser before Nest sees the request. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message: string;
}

/**
 * The one place where failures become HTTP responses `{statusCode, code, message, details?}`.
 * Domain, engine and BPMN errors map by code; a user's mistake is never a 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = boundedErrorBody(this.toBody(exception));
    if (body.statusCode >= 500) this.logger.error((exception as Error)?.stack ?? String(exception));
    if (response.headersSent) return;
    if (exception instanceof RateLimitedError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof DomainError && typeof exception.details?.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = DOMAIN_STATUS[exception.code] ?? (exception.fault === 'infrastructure' ? 503 : HttpStatus.BAD_REQUEST);
      return withDetails({ statusCode, code: exception.code, message: exception.message }, exception.details);
    }
    if (exception instanceof BpmnValidationError) {
      return { statusCode: 400, code: exception.code, message: exception.message, details: { problems: exception.problems } };
    }
    if (exception instanceof EngineError) {
      const statusCode = ENGINE_STATUS[exception.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      return { statusCode, code: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') return { statusCode: 400, code: 'MALFORMED_JSON', message: `Malformed JSON body: ${parserError.message}` };
    if (parserError?.type === 'entity.too.large') return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' };
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { statusCode: status, code: HTTP_CODES[status] ?? 'BAD_REQUEST', message: parserError.message };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' };
  }
}

/** The longest text an error answer carries in its message or a detail: input is never echoed at length. */
export const MAX_ERROR_TEXT = 500;

/** The most items of a list, and properties of an object, an error answer's details carry. */
const MAX_ERROR_ITEMS = 100;

/** The longest a property name of the details may be (names can come from the input, too). */
const MAX_ERROR_KEY = 100;

/** The largest error answer (JSON characters): beyond it the details give way to a note of their size. */
export const MAX_ERROR_BODY = 32 * 1024;

function truncate(text: string, limit = MAX_ERROR_TEXT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

function boundedValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return truncate(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ERROR_ITEMS).map((v) => boundedValue(v, depth + 1));
    return value.length > MAX_ERROR_ITEMS ? [...items, `… (${value.length - MAX_ERROR_ITEMS} more)`] : items;
  }
  const entries = Object.entries(value);
  const kept = entries.slice(0, MAX_ERROR_ITEMS).map(([k, v]) => [truncate(k, MAX_ERROR_KEY), boundedValue(v, depth + 1)]);
  if (entries.length > MAX_ERROR_ITEMS) kept.push(['…', `${entries.length - MAX_ERROR_ITEMS} more`]);
  return Object.fromEntries(kept);
}

/**
 * An error body whose message and details are cut to a readable size: every text to MAX_ERROR_TEXT,
 * lists and objects to their first MAX_ERROR_ITEMS, the whole answer to MAX_ERROR_BODY.
 */
export function boundedErrorBody(body: ApiErrorBody): ApiErrorBody {
  const cut: ApiErrorBody = { ...body, message: truncate(body.message), ...(body.details && { details: boundedValue(body.details, 0) as Record<string, unknown> }) };
  if (!cut.details || JSON.stringify(cut).length <= MAX_ERROR_BODY) return cut;
  return { ...cut, details: { truncated: `the details of this error run to more than ${MAX_ERROR_BODY} characters and are left out` } };
}

function withDetails(body: ApiErrorBody, details?: Record<string, unknown>): ApiErrorBody {
  return details ? { ...body, details } : body;
}

function fromHttpException(exception: HttpException): ApiErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (statusCode === 400 && Array.isArray(raw)) {
    return { statusCode, code: 'VALIDATION_FAILED', message: raw.join('; '), details: { errors: raw } };
  }
  const message = typeof raw === 'string' ? raw : exception.message;
  const cause = exception.cause as BodyParserError | undefined;
  if (statusCode === 400 && (cause?.type === 'entity.parse.failed' || /JSON/.test(message))) {
    return { statusCode, code: 'MALFORMED_JSON', message };
  }
  return { statusCode, code: HTTP_CODES[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'), message };
}
