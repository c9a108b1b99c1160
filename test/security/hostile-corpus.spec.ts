import fc from 'fast-check';
import type { AccessRule } from '@tongban/identity';
import { largeModel } from '../../bench/model-compile/large-model';
import { flow, processXml } from '../runtime/support/bpmn';
import { uniqueKey } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
}

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  rule: AccessRule;
  parameters: Parameter[];
}

/** Path and query values no route should answer with a 5xx. */
const HOSTILE_VALUES = [
  '%00', 'a%00b', '%ED%A0%80', '%FF', '-1', '99999999999999999999999', '1e309', 'NaN', '0x10', 'P99999999999Y', '9999999999.99999', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(10_000), '%27%3B%20DROP%20TABLE%20task%3B--',
];

/** Bodies no route should answer with a 5xx. */
const HOSTILE_BODIES: Array<string | Record<string, unknown> | unknown[]> = [
  '{}', '[]', 'null', '"text"', '12', '{"a":', `{"v":${'['.repeat(5000)}${']'.repeat(5000)}}`, '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}',
];

/** Values given to every property a body schema names. */
const HOSTILE_PROPERTY_VALUES: unknown[] = [null, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 'x'.repeat(100_000), 'a\u0000b', '\ud800', [], {}, true, '9999-99-99T99:99:99Z', 'P9999999999999D'];

/**
 * FEEL conditions that would hold the event loop for minutes or fill the memory without the work
 * bound: a huge range, deep and exponential recursion, a text and a list multiplied tenfold again
 * and again, a string joined from many long parts, a catastrophically backtracking pattern.
 */
const tenfold = (from: string, join: (parts: string[]) => string) => join(Array<string>(10).fill(from));
const chain = (first: string, join: (parts: string[]) => string) =>
  ['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name, i, names) => `${name}: ${tenfold(i === 0 ? 'a' : names[i - 1], join)}`).join(', ').replace(/^/, `a: ${first}, `);
const FEEL_BOMBS: Record<string, string> = {
  range: 'count(for x in 1..100000000 return x) > 0',
  recursion: '{f: function(g, n) if n = 0 then 0 else 1 + g(g, n - 1), r: f(f, 100000)}.r > 0',
  exponential: '{f: function(g, n) if n < 2 then n else g(g, n - 1) + g(g, n - 2), r: f(f, 60)}.r > 0',
  text: `string length({${chain('"xxxxxxxxxx"', (parts) => parts.join(' + '))}}.h) > 0`,
  list: `count({${chain('[1,2,3,4,5,6,7,8,9,10]', (parts) => `concatenate(${parts.join(', ')})`)}}.h) > 0`,
  join: `string length(string join(for i in 1..40000 return "${'x'.repeat(200)}")) > 0`,
  pattern: 'matches(s, "^(a+)+$")',
};

/** Signing out would end the caller's session mid-corpus. */
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

// every route of the document, each with many hostile values: minutes, not seconds, on a loaded machine
jest.setTimeout(300_000);

describe('hostile-input corpus over every route of the OpenAPI document', () => {
  const { t, api } = useTestApp();
  let operations: Operation[];
  let bodyProperties: Map<string, string[]>;
  const credentialOf = new Map<string, [string, string] | undefined>();

  beforeAll(async () => {
    const document = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { 'x-access': AccessRule; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    bodyProperties = new Map();
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? document.components.schemas[ref.split('/').pop()!] : undefined;
        bodyProperties.set(`${method} ${path}`, Object.keys(schema?.properties ?? {}));
        return { method: method as Operation['method'], path, rule: op['x-access'], parameters: op.parameters ?? [] };
      }),
    ).filter((op) => !SKIPPED.has(`${op.method.toUpperCase()} ${op.path}`));
    for (const role of ['admin', 'designer', 'supervisor'] as const) credentialOf.set(role, ['Authorization', `Bearer ${await t.token(role)}`]);
    credentialOf.set('clerk', ['Authorization', `Bearer ${await t.token('clerk.health')}`]);
    credentialOf.set('integrator', ['X-API-Key', t.apiKey]);
  });

  /** Credentials of a role the route lets in, so the request reaches validation and the service. */
  function credentialFor(op: Operation): [string, string] | undefined {
    if (op.rule.roles === 'public') return undefined;
    return credentialOf.get(op.rule.roles[0]);
  }

  function send(op: Operation, url: string, body?: unknown) {
    let request = t.http[op.method](url);
    const credential = credentialFor(op);
    if (credential) request = request.set(credential[0], credential[1]);
    if (op.method === 'get' || body === undefined) return request;
    return typeof body === 'string' ? request.set('Content-Type', 'application/json').send(body) : request.send(body as object);
  }

  const urlOf = (op: Operation, pathValue: string, query = '') => `${op.path.replace(/\{[^}]+\}/g, pathValue)}${query}`;

  it('answers hostile path and query values with no 5xx', async () => {
    // given
    const failures: string[] = [];

    for (const op of operations) {
      const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      for (const value of HOSTILE_VALUES) {
        // when
        const url = op.path.includes('{') ? urlOf(op, value) : urlOf(op, '', queryNames.length ? `?${queryNames.map((n) => `${n}=${value}`).join('&')}` : `?offset=${value}&limit=${value}`);
        const response = await send(op, url, op.method === 'get' ? undefined : {});
        if (response.status >= 500) failures.push(`${op.method.toUpperCase()} ${url.slice(0, 120)} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }

    // then
    expect(failures).toEqual([]);
  });

  it('answers hostile bodies and hostile property values with no 5xx', async () => {
    // given
    const failures: string[] = [];
    const writes = operations.filter((op) => op.method !== 'get' && op.method !== 'delete');

    for (const op of writes) {
      const url = urlOf(op, '00000000-0000-4000-8000-000000000000');
      const properties = bodyProperties.get(`${op.method} ${op.path}`) ?? [];
      const bodies = [...HOSTILE_BODIES, ...HOSTILE_PROPERTY_VALUES.map((v) => Object.fromEntries(properties.map((p) => [p, v])))];
      for (const body of bodies) {
        // when
        const response = await send(op, url, body);
        if (response.status >= 500) failures.push(`${op.method.toUpperCase()} ${op.path} ${JSON.stringify(body).slice(0, 80)} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }

    // then
    expect(failures).toEqual([]);
  });

  it('answers fuzzed JSON bodies with no 5xx (fast-check)', async () => {
    // given
    const writes = operations.filter((op) => op.method !== 'get' && op.method !== 'delete');
    const failures: string[] = [];

    // when
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.jsonValue({ maxDepth: 4 }), async (op, body) => {
        const properties = bodyProperties.get(`${op.method} ${op.path}`) ?? [];
        const shaped = properties.length && body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...Object.fromEntries(properties.map((p) => [p, body])), ...body } : body;
        const response = await send(op, urlOf(op, 'fuzz'), JSON.stringify(shaped));
        if (response.status >= 500) failures.push(`${op.method.toUpperCase()} ${op.path} ${JSON.stringify(shaped).slice(0, 120)} → ${response.status}`);
        return response.status < 500;
      }),
      { numRuns: 150, seed: 20261201 },
    ).catch(() => undefined);

    // then
    expect(failures).toEqual([]);
  });

  it('answers fuzzed BPMN with no 5xx and keeps /health fast', async () => {
    // given: a valid model whose ids, names, conditions and timer values fast-check replaces
    const model = (id: string, name: string, condition: string, duration: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="fuzz">
  <process id="${id}" name="${name}" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
    <exclusiveGateway id="gw" default="f3"/>
    <sequenceFlow id="f2" sourceRef="gw" targetRef="wait"><conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression></sequenceFlow>
    <sequenceFlow id="f3" sourceRef="gw" targetRef="end"/>
    <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>${duration}</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f4" sourceRef="wait" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;
    const designer = credentialOf.get('designer')!;
    const failures: string[] = [];
    const text = fc.string({ unit: 'binary', maxLength: 40 });

    // when
    await fc.assert(
      fc.asyncProperty(text, text, text, text, async (id, name, condition, duration) => {
        const response = await t.http.post('/api/v1/deployments').set(designer[0], designer[1]).send({ resources: [{ name: 'fuzz.bpmn', content: model(`p${id}`, name, condition, duration) }] });
        if (response.status >= 500) failures.push(`${JSON.stringify([id, name, condition, duration])} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        return response.status < 500;
      }),
      { numRuns: 60, seed: 20261201 },
    ).catch(() => undefined);
    const started = Date.now();
    const health = await t.http.get('/health');
    const healthMs = Date.now() - started;

    // then
    expect(failures).toEqual([]);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(1_000);
  });

  it('contains hostile models: FEEL over its budget becomes an incident naming the element and the budget, and /health stays fast', async () => {
    // given one model per FEEL bomb, its condition on the gateway "check"
    const supervisor = credentialOf.get('supervisor')!;
    const started: Record<string, string> = {};
    const failures: string[] = [];

    for (const [name, condition] of Object.entries(FEEL_BOMBS)) {
      const { key, xml } = processXml(`bomb-${name}`, `
        <bpmn:startEvent id="start" />
        <bpmn:exclusiveGateway id="check" default="no" />
        <bpmn:endEvent id="yesEnd" /><bpmn:endEvent id="noEnd" />
        ${flow('f0', 'start', 'check')}
        <bpmn:sequenceFlow id="yes" sourceRef="check" targetRef="yesEnd"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition.replace(/</g, '&lt;').replace(/"/g, '&quot;')}</bpmn:conditionExpression></bpmn:sequenceFlow>
        ${flow('no', 'check', 'noEnd')}`);
      await api.deploy(xml);

      // when an instance runs into it
      const before = Date.now();
      const response = await api.startWithKey(key, { s: `${'a'.repeat(40)}!` });
      if (response.status >= 500) failures.push(`${name} → ${response.status}`);
      else started[name] = response.body.id;
      const health = Date.now();
      const live = await t.http.get('/health/live');
      if (live.status !== 200 || Date.now() - health > 1_000) failures.push(`${name}: /health/live took ${Date.now() - health} ms`);
      if (Date.now() - before > 30_000) failures.push(`${name}: the start took ${Date.now() - before} ms`);
    }

    // then each instance holds a FEEL_ERROR incident at the gateway naming the bound, in a few hundred characters
    expect(failures).toEqual([]);
    for (const [name, id] of Object.entries(started)) {
      const [incident] = await api.eventually(
        async () => (await t.http.get(`/api/v1/incidents?state=open&processInstanceId=${id}`).set(supervisor[0], supervisor[1])).body.items as Array<{ elementId: string; type: string; message: string }>,
        (items) => items.length > 0,
      );
      expect({ name, elementId: incident.elementId, type: incident.type }).toEqual({ name, elementId: 'check', type: 'FEEL_ERROR' });
      expect(incident.message).toMatch(name === 'pattern' ? /repeats a repeated group/ : /was stopped: (it does more than 50000 units of work|its functions call each other more than \d+ deep)/);
      expect(incident.message.length).toBeLessThan(1_100);
    }
  });

  it('never echoes a quarter megabyte of input back, on any write route', async () => {
    // given a body whose property name and every property value are 256 KiB long
    const huge = 'x'.repeat(256 * 1024);
    const writes = operations.filter((op) => op.method !== 'get' && op.method !== 'delete');
    const failures: string[] = [];

    for (const op of writes) {
      const properties = bodyProperties.get(`${op.method} ${op.path}`) ?? [];
      const body = { [huge]: huge, ...Object.fromEntries(properties.map((p) => [p, huge])) };

      // when
      const response = await send(op, urlOf(op, '00000000-0000-4000-8000-000000000000'), body);

      // then
      const answer = JSON.stringify(response.body ?? '') + (response.text ?? '');
      if (response.status >= 500 || answer.length > 70_000) failures.push(`${op.method.toUpperCase()} ${op.path} → ${response.status}, ${answer.length} characters`);
    }
    expect(failures).toEqual([]);
  });

  it('keeps /health fast while a large model is compiled', async () => {
    // given a model of 512 KiB (compiled in the worker thread)
    const designer = credentialOf.get('designer')!;
    const xml = largeModel(uniqueKey('corpus-large'), 512 * 1024);

    // when it is deployed while /health/live is asked
    const deploying = t.http.post('/api/v1/deployments').set(designer[0], designer[1]).send({ resources: [{ name: 'large.bpmn', content: xml }] });
    const deployed = deploying.then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const asked = Date.now();
    const live = await t.http.get('/health/live');
    const liveMs = Date.now() - asked;

    // then
    expect(live.status).toBe(200);
    expect(liveMs).toBeLessThan(1_000);
    expect((await deployed).status).toBe(201);
  });
});
