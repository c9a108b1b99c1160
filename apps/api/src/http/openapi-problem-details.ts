import type { OpenAPIObject } from '@nestjs/swagger';

/** The schema of every error body (`ApiErrorDto`: statusCode, a machine-readable code, a message, details). */
const ERROR_SCHEMA = { $ref: '#/components/schemas/ApiErrorDto' };

/**
 * Every error response of every operation documents the one error body the exception filter writes
 * (problem details: `{statusCode, code, message, details?}`), also where a route declared only a
 * status and a description; a generated client then types its errors.
 */
export function withProblemDetails(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as { responses?: Record<string, { description?: string; content?: Record<string, unknown> }> }[]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (Number(status) < 400 || response.content) continue;
        response.content = { 'application/json': { schema: ERROR_SCHEMA } };
      }
    }
  }
  return document;
}
