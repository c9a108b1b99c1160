import type { AccessRule } from '@tongban/identity';
import { useTestApp } from '../support/use-test-app';

/** The callers of the matrix: one demo user per staff role, the demo integrator key, a demo applicant, nobody. */
const CALLERS = ['admin', 'designer', 'supervisor', 'clerk', 'integrator', 'applicant', 'anonymous'] as const;
type Caller = (typeof CALLERS)[number];

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  rule?: AccessRule;
}

/** An id no resource has: routes with path parameters answer 404 (or 400) to a caller they let in. */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** Signing out ends the caller's session, so it is asked last. */
function lastIfLogout(a: Operation, b: Operation): number {
  return Number(a.path.endsWith('/auth/logout')) - Number(b.path.endsWith('/auth/logout'));
}

describe('route × role matrix', () => {
  const { t } = useTestApp();
  let operations: Operation[];
  const credentials = new Map<Caller, [string, string] | undefined>();

  beforeAll(async () => {
    const document = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, { 'x-access'?: AccessRule }>> };
    operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method as Operation['method'], path, rule: operation['x-access'] })))
      .sort(lastIfLogout);
    for (const role of ['admin', 'designer', 'supervisor'] as const) credentials.set(role, ['Authorization', `Bearer ${await t.token(role)}`]);
    credentials.set('clerk', ['Authorization', `Bearer ${await t.token('clerk.health')}`]);
    credentials.set('integrator', ['X-API-Key', t.apiKey]);
    credentials.set('applicant', ['Authorization', `Bearer ${await t.token('applicant.zhang')}`]);
    credentials.set('anonymous', undefined);
  });

  it('has an access rule on every operation of the OpenAPI document', () => {
    // then
    expect(operations.length).toBeGreaterThan(60);
    const withoutRule = operations.filter((operation) => !operation.rule).map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    expect(withoutRule).toEqual([]);
    for (const { rule } of operations) expect(['department', 'integrator', 'applicant', 'self', 'any']).toContain(rule!.owns);
  });

  // seven callers × every operation, one request each: minutes on a loaded machine
  it('answers every caller of every operation as its rule says: 401 without credentials, 403 for other roles, through for its roles', async () => {
    // given
    const mismatches: string[] = [];
    const matrix: Record<string, Record<Caller, number>> = {};

    for (const operation of operations) {
      const url = operation.path.replace(/\{[^}]+\}/g, NO_SUCH_ID);
      const row = (matrix[`${operation.method.toUpperCase()} ${operation.path}`] = {} as Record<Caller, number>);
      for (const caller of CALLERS) {
        // when the caller sends a harmless request (unknown ids, an empty body)
        let request = t.http[operation.method](url);
        const credential = credentials.get(caller);
        if (credential) request = request.set(credential[0], credential[1]);
        const response = operation.method === 'get' ? await request : await request.send({});
        row[caller] = response.status;

        // then the guard's answer is the rule's
        const rule = operation.rule!;
        const allowed = rule.roles === 'public' || (caller !== 'anonymous' && rule.roles.includes(caller));
        const expected = rule.roles === 'public' ? 'through' : caller === 'anonymous' ? 401 : allowed ? 'through' : 403;
        const ok = expected === 'through' ? response.status !== 401 && response.status !== 403 && response.status < 500 : response.status === expected;
        if (!ok) mismatches.push(`${caller} ${operation.method.toUpperCase()} ${operation.path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
      }
    }

    expect(mismatches).toEqual([]);
    expect(Object.keys(matrix)).toEqual(expect.arrayContaining(['POST /api/v1/users', 'GET /api/v1/regions', 'POST /api/v1/regions', 'GET /api/v1/regions/{code}', 'POST /api/v1/api-keys', 'POST /api/v1/process-instances', 'POST /api/v1/jobs/activate']));
  }, 300_000);
});
