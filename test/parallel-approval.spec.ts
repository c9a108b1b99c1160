import { fixture } from './support/fixtures';
import { useTestApp } from './support/use-test-app';

describe('three-department parallel approval, end to end', () => {
  const { t, api } = useTestApp();

  it('fans out to three departments, joins once, completes and keeps the history', async () => {
    // given
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);

    // when: an integrator starts the application
    const started = await api.startWithKey(key, { applicant: '张三', areaM2: 120 }, 'APP-0001');

    // then: three tasks wait in three departments
    expect(started.status).toBe(201);
    expect(started.body).toEqual({ id: expect.any(String), processKey: key, version: 1, businessKey: 'APP-0001', state: 'active', outcome: null, definitionId: expect.any(String), parentId: null, startedAt: expect.any(String), endedAt: null });
    const id = started.body.id as string;
    const tasks = await api.tasks(id);
    expect(tasks.map((task) => [task.elementId, task.department, task.state]).sort()).toEqual([
      ['fireCheck', 'fire-rescue', 'open'],
      ['foodLicence', 'market-regulation', 'open'],
      ['healthPermit', 'health', 'open'],
    ]);
    const running = await api.instance(id);
    expect(running).toMatchObject({ state: 'active', variables: { applicant: '张三', areaM2: 120 } });
    expect([...running.activeElementIds].sort()).toEqual(['fireCheck', 'foodLicence', 'healthPermit']);

    // when: each department's clerk completes its task (one claims first)
    const byElement = Object.fromEntries(tasks.map((task) => [task.elementId, task]));
    const claim = await t.http.post(`/api/v1/tasks/${byElement.fireCheck.id}/claim`).set('Authorization', await api.as('clerk.fire-rescue'));
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ state: 'claimed', assignee: 'clerk.fire-rescue' });
    expect((await api.complete(byElement.foodLicence.id, 'clerk.market-regulation', { foodApproved: true })).status).toBe(200);
    expect((await api.complete(byElement.fireCheck.id, 'clerk.fire-rescue', { fireApproved: true })).status).toBe(200);
    expect((await api.instance(id)).state).toBe('active');
    const last = await api.complete(byElement.healthPermit.id, 'clerk.health', { healthApproved: true });
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ state: 'completed', completedBy: 'clerk.health' });

    // then: the join fired once and the instance completed with every variable
    const done = await api.instance(id);
    expect(done).toMatchObject({ state: 'completed', variables: { foodApproved: true, fireApproved: true, healthApproved: true }, activeElementIds: [] });
    expect(done.endedAt).not.toBeNull();
    expect((await api.tasks(id)).every((task) => task.state === 'completed')).toBe(true);

    const history = await api.history(id);
    for (const element of ['applicationReceived', 'fanOut', 'foodLicence', 'fireCheck', 'healthPermit', 'allApproved', 'resultsIssued']) {
      expect(history.some((h) => h.type === 'element.entered' && h.elementId === element)).toBe(true);
      expect(history.some((h) => h.type === 'element.left' && h.elementId === element)).toBe(true);
    }
    expect(history.filter((h) => h.type === 'element.left' && h.elementId === 'allApproved')).toHaveLength(1);
    expect(history.filter((h) => h.type === 'task.created')).toHaveLength(3);
    expect(history.find((h) => h.type === 'task.claimed')).toMatchObject({ elementId: 'fireCheck', actor: 'clerk.fire-rescue' });
    const completions = history.filter((h) => h.type === 'task.completed').map((h) => [h.elementId, h.actor]).sort();
    expect(completions).toEqual([
      ['fireCheck', 'clerk.fire-rescue'],
      ['foodLicence', 'clerk.market-regulation'],
      ['healthPermit', 'clerk.health'],
    ]);
    expect(history[0]).toMatchObject({ type: 'instance.started', actor: 'apikey:demo-integrator' });
    expect(history.at(-1)).toMatchObject({ type: 'instance.ended', data: { status: 'completed' } });
    expect(history.every((h) => typeof h.at === 'string')).toBe(true);
  });

  it("confines clerks to their own department's tasks", async () => {
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const tasks = await api.tasks(id);
    const food = tasks.find((task) => task.elementId === 'foodLicence')!;

    // another department's task: 403 to read, claim and complete
    const health = await api.as('clerk.health');
    expect((await t.http.get(`/api/v1/tasks/${food.id}`).set('Authorization', health)).status).toBe(403);
    expect((await t.http.post(`/api/v1/tasks/${food.id}/claim`).set('Authorization', health)).status).toBe(403);
    expect((await api.complete(food.id, 'clerk.health')).status).toBe(403);

    // the own list holds the own department only; a supervisor sees all but may not complete
    const own = await t.http.get(`/api/v1/tasks?processInstanceId=${id}`).set('Authorization', health);
    expect(own.body.items.map((task: { elementId: string }) => task.elementId)).toEqual(['healthPermit']);
    expect((await api.tasks(id, 'supervisor'))).toHaveLength(3);
    expect((await api.complete(food.id, 'supervisor')).status).toBe(403);
  });

  it('claims, refuses a second claimant, unclaims and refuses work on a completed task', async () => {
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const food = (await api.tasks(id)).find((task) => task.elementId === 'foodLicence')!;
    const clerk = await api.as('clerk.market-regulation');
    const admin = await api.as('admin');

    expect((await t.http.post(`/api/v1/tasks/${food.id}/claim`).set('Authorization', clerk)).status).toBe(200);
    expect((await t.http.post(`/api/v1/tasks/${food.id}/claim`).set('Authorization', clerk)).status).toBe(200);
    const stolen = await t.http.post(`/api/v1/tasks/${food.id}/claim`).set('Authorization', admin);
    expect(stolen.status).toBe(409);
    expect(stolen.body.code).toBe('TASK_CLAIMED');
    const unclaimed = await t.http.post(`/api/v1/tasks/${food.id}/unclaim`).set('Authorization', clerk);
    expect(unclaimed.body).toMatchObject({ state: 'open', assignee: null });
    expect((await api.complete(food.id, 'clerk.market-regulation')).status).toBe(200);
    const again = await api.complete(food.id, 'clerk.market-regulation');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK_NOT_ACTIVE');

    const byAssignee = await t.http.get(`/api/v1/tasks?assignee=clerk.market-regulation&state=completed&processInstanceId=${id}`).set('Authorization', clerk);
    expect(byAssignee.body.total).toBe(1);
    const history = await api.history(id);
    expect(history.filter((h) => h.type.startsWith('task.') && h.elementId === 'foodLicence').map((h) => h.type)).toEqual(['task.created', 'task.claimed', 'task.unclaimed', 'task.completed']);
  });

  it('lists instances by process key and state', async () => {
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    await api.startWithKey(key);
    await api.startWithKey(key);
    const list = await t.http.get(`/api/v1/process-instances?processKey=${key}&state=active&limit=1`).set('X-API-Key', t.apiKey);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items).toHaveLength(1);
    const none = await t.http.get(`/api/v1/process-instances?processKey=${key}&state=completed`).set('X-API-Key', t.apiKey);
    expect(none.body.total).toBe(0);
  });
});
