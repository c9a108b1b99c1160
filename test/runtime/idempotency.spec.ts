import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';
import { startRuntimeApp } from './support/runtime-app';

describe('idempotent starts and unique business keys', () => {
  const { t, api } = useTestApp(startRuntimeApp);
  let key: string;

  beforeAll(async () => {
    const process = processXml('idempotent', `
      <bpmn:startEvent id="start" /><bpmn:userTask id="review" tongban:department="health" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`);
    key = process.key;
    await api.deploy(process.xml);
  });

  const start = (body: Record<string, unknown>, idempotencyKey?: string) => {
    const request = t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey);
    if (idempotencyKey) request.set('Idempotency-Key', idempotencyKey);
    return request.send(body);
  };

  it('returns the first instance for a repeated request with the same Idempotency-Key', async () => {
    // given
    const idempotencyKey = `idem-${Date.now()}`;
    const body = { processKey: key, businessKey: 'APP-1', variables: { applicant: '李四', items: [1, 2] } };

    // when
    const first = await start(body, idempotencyKey);
    const second = await start({ variables: { items: [1, 2], applicant: '李四' }, businessKey: 'APP-1', processKey: key }, idempotencyKey);

    // then
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const list = await t.http.get(`/api/v1/process-instances?processKey=${key}&businessKey=APP-1`).set('X-API-Key', t.apiKey);
    expect(list.body.total).toBe(1);
  });

  it('refuses the same Idempotency-Key with a different body with 422', async () => {
    const idempotencyKey = `idem-other-${Date.now()}`;
    await start({ processKey: key, variables: { a: 1 } }, idempotencyKey);

    const response = await start({ processKey: key, variables: { a: 2 } }, idempotencyKey);

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('starts one instance when requests with one key race', async () => {
    const idempotencyKey = `idem-race-${Date.now()}`;
    const body = { processKey: key, businessKey: `RACE-${Date.now()}` };

    const responses = await Promise.all([1, 2, 3, 4, 5, 6].map(() => start(body, idempotencyKey)));

    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
  });

  it('refuses a second running instance with a unique business key, and allows it once the first has ended', async () => {
    // given
    const businessKey = `UNIQUE-${Date.now()}`;
    const first = await start({ processKey: key, businessKey, uniqueBusinessKey: true });
    expect(first.status).toBe(201);

    // when
    const clashes = await Promise.all([1, 2, 3].map(() => start({ processKey: key, businessKey, uniqueBusinessKey: true })));

    // then
    for (const clash of clashes) {
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'BUSINESS_KEY_TAKEN', details: { instanceId: first.body.id } });
    }
    const [task] = await api.tasks(first.body.id);
    await api.complete(task.id, 'clerk.health');
    expect((await start({ processKey: key, businessKey, uniqueBusinessKey: true })).status).toBe(201);
  });
});
