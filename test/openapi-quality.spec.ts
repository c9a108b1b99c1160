import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Operations whose success response has no schema yet (generated clients get `unknown` for them).
 * The list only shrinks: an operation not listed here must document its response, and one listed
 * here that gains a schema must leave the list.
 */
const WITHOUT_RESPONSE_SCHEMA = new Set([
  'GET /health',
  'POST /api/v1/bundles', 'GET /api/v1/bundles', 'GET /api/v1/bundles/{code}', 'PUT /api/v1/bundles/{code}',
  'GET /api/v1/bundles/{code}/bpmn', 'PUT /api/v1/bundles/{code}/bpmn', 'POST /api/v1/bundles/{code}/deploy',
  'POST /api/v1/certificates', 'GET /api/v1/certificates', 'GET /api/v1/certificates/{id}',
  'POST /api/v1/attachments', 'GET /api/v1/attachments/{id}', 'GET /api/v1/attachments/{id}/content',
  'POST /api/v1/applications', 'GET /api/v1/applications', 'GET /api/v1/applications/{id}',
  'POST /api/v1/applications/{id}/supplements', 'POST /api/v1/applications/{id}/materials',
  'POST /api/v1/applications/{id}/ratings', 'GET /api/v1/applications/{id}/ratings',
  'GET /api/v1/rating-follow-ups', 'POST /api/v1/rating-follow-ups/{id}/callback', 'POST /api/v1/rating-follow-ups/{id}/rectify', 'GET /api/v1/ratings/export',
]);

const document = JSON.parse(readFileSync(join(resolve(__dirname, '..'), 'docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })));

function hasSchema(response: { content?: Record<string, { schema?: unknown }> } | undefined): boolean {
  return Object.values(response?.content ?? {}).some((media) => media.schema !== undefined);
}

describe('the quality of the OpenAPI document', () => {
  it('gives every operation a stable, unique operationId (Controller_method)', () => {
    // when
    const ids = operations.map(({ operation }) => operation.operationId);

    // then
    expect(operations.filter(({ operation }) => !/^[A-Z][A-Za-z]+Controller_[a-z][A-Za-z]+$/.test(operation.operationId ?? '')).map(({ name }) => name)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the success response of every operation with a schema (204 has no body)', () => {
    // when
    const missing = operations.filter(({ operation }) => {
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
      return !success.some(([status, response]) => status === '204' || hasSchema(response));
    }).map(({ name }) => name);

    // then
    expect(missing.filter((name) => !WITHOUT_RESPONSE_SCHEMA.has(name))).toEqual([]);
    expect([...WITHOUT_RESPONSE_SCHEMA].filter((name) => !missing.includes(name))).toEqual([]);
  });

  it('documents every error response with the problem details body', () => {
    // when
    const bare = operations.flatMap(({ name, operation }) => Object.entries(operation.responses ?? {})
      .filter(([status, response]) => Number(status) >= 400 && !hasSchema(response))
      .map(([status]) => `${name} ${status}`));

    // then
    expect(bare).toEqual([]);
  });
});
