import { flow, processXml } from '../runtime/support/bpmn';
import { useTestApp } from '../support/use-test-app';

const ALL = { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true };

describe('object-level access to cases: whose instances a caller sees', () => {
  const { t, api } = useTestApp();
  let otherKey: string;
  let processKey: string;
  let instanceId: string;

  const asKey = (key: string) => (request: ReturnType<typeof t.http.get>) => request.set('X-API-Key', key);

  beforeAll(async () => {
    // given: a second integrator with full scopes, and a case of the demo integrator with a health task
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `other-${Math.random().toString(16).slice(2, 8)}`, integrator: '另一个门户', scopes: ALL });
    expect(created.status).toBe(201);
    otherKey = created.body.key;
    const { key, xml } = processXml('owned', `
      <bpmn:startEvent id="start" />
      <bpmn:userTask id="review" tongban:department="health" />
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`);
    await api.deploy(xml);
    processKey = key;
    const started = await api.startWithKey(key, { citizenId: '110101199003071233' });
    expect(started.status).toBe(201);
    instanceId = started.body.id;
  });

  it("refuses another integrator's case as if it did not exist, and leaves it out of its lists", async () => {
    // when
    const one = await asKey(otherKey)(t.http.get(`/api/v1/process-instances/${instanceId}`));
    const history = await asKey(otherKey)(t.http.get(`/api/v1/process-instances/${instanceId}/history`));
    const patch = await t.http.patch(`/api/v1/process-instances/${instanceId}/variables`).set('X-API-Key', otherKey).send({ variables: { citizenId: 'x' } });
    const cancel = await t.http.post(`/api/v1/process-instances/${instanceId}/cancel`).set('X-API-Key', otherKey);
    const list = await asKey(otherKey)(t.http.get(`/api/v1/process-instances?processKey=${processKey}`));
    const tasks = await asKey(otherKey)(t.http.get(`/api/v1/tasks?processInstanceId=${instanceId}`));

    // then
    for (const response of [one, history, patch, cancel]) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('110101199003071233');
    }
    expect(list.body).toMatchObject({ items: [], total: 0 });
    expect(tasks.body).toMatchObject({ items: [], total: 0 });
    expect((await api.instance(instanceId)).variables).toEqual({ citizenId: '110101199003071233' });
  });

  it('shows the owning integrator its case and its tasks', async () => {
    // when
    const one = await asKey(t.apiKey)(t.http.get(`/api/v1/process-instances/${instanceId}`));
    const list = await asKey(t.apiKey)(t.http.get(`/api/v1/process-instances?processKey=${processKey}`));
    const tasks = await asKey(t.apiKey)(t.http.get(`/api/v1/tasks?processInstanceId=${instanceId}`));

    // then
    expect(one.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([instanceId]);
    expect(tasks.body.total).toBe(1);
  });

  it("shows a clerk the case only when the department has a step in it, and a designer no case at all", async () => {
    // when
    const health = await t.http.get(`/api/v1/process-instances/${instanceId}`).set('Authorization', await api.as('clerk.health'));
    const tax = await t.http.get(`/api/v1/process-instances/${instanceId}`).set('Authorization', await api.as('clerk.tax'));
    const taxHistory = await t.http.get(`/api/v1/process-instances/${instanceId}/history`).set('Authorization', await api.as('clerk.tax'));
    const taxList = await t.http.get(`/api/v1/process-instances?processKey=${processKey}`).set('Authorization', await api.as('clerk.tax'));
    const healthList = await t.http.get(`/api/v1/process-instances?processKey=${processKey}`).set('Authorization', await api.as('clerk.health'));
    const designer = await t.http.get(`/api/v1/process-instances/${instanceId}`).set('Authorization', await api.as('designer'));

    // then
    expect(health.status).toBe(200);
    expect([tax.status, taxHistory.status]).toEqual([404, 404]);
    expect(taxList.body.total).toBe(0);
    expect(healthList.body.items.map((i: { id: string }) => i.id)).toEqual([instanceId]);
    expect(designer.status).toBe(403);
  });

  it('lets no clerk start a process', async () => {
    // when
    const response = await t.http.post('/api/v1/process-instances').set('Authorization', await api.as('clerk.health')).send({ processKey });

    // then
    expect(response.status).toBe(403);
  });

  it("keeps the records of who read personal data out of a clerk's view of the history", async () => {
    // given: the health clerk opens the task (a personal-data read on the case)
    const [task] = await api.tasks(instanceId);
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', await api.as('clerk.health'))).status).toBe(200);
    await t.http.get(`/api/v1/tasks/${task.id}`).set('X-API-Key', t.apiKey);

    // when
    const clerk = await t.http.get(`/api/v1/process-instances/${instanceId}/history`).set('Authorization', await api.as('clerk.health'));
    const supervisor = await t.http.get(`/api/v1/process-instances/${instanceId}/history`).set('Authorization', await api.as('supervisor'));

    // then
    const types = (response: { body: { items: { type: string }[] } }) => response.body.items.map((item) => item.type);
    expect(types(clerk)).not.toContain('personal-data.read');
    expect(types(clerk)).toContain('instance.started');
    expect(types(supervisor)).toEqual(expect.arrayContaining(['instance.started']));
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set('X-API-Key', otherKey)).status).toBe(404);
  });
});
