import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

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

  it('documents every success response of every operation with a schema (204 has no body)', () => {
    // when
    const bare = operations.flatMap(({ name, operation }) => {
      const success = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
      if (success.length === 0) return [`${name} (no success response)`];
      return success.filter(([status, response]) => status !== '204' && !hasSchema(response)).map(([status]) => `${name} ${status}`);
    });

    // then
    expect(bare).toEqual([]);
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
