import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from '../runtime/support/bpmn';

interface Scopes {
  processes: string[];
  jobTypes: string[];
  readCaseData: boolean;
  actForApplicants: boolean;
}

const ALL: Scopes = { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true };

describe('integrators\' API keys', () => {
  const { t, api } = useTestApp();

  async function createKey(scopes: Scopes = ALL, extra: Record<string, unknown> = {}) {
    const response = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `portal-${Math.random().toString(16).slice(2, 8)}`, integrator: '市政务服务网', scopes, ...extra });
    if (response.status !== 201) throw new Error(`create key: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; key: string; name: string };
  }

  /** A process with one service task of a job type unique to the test. */
  async function deployJobProcess() {
    const type = `check-${Math.random().toString(16).slice(2, 8)}`;
    const { key, xml } = processXml('scoped', `
      <bpmn:startEvent id="start" />
      <bpmn:serviceTask id="check"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'check')}${flow('f2', 'check', 'end')}`);
    await api.deploy(xml);
    return { key, type };
  }

  it('shows a new key once, lists it without its secret, and accepts it as X-API-Key', async () => {
    // when
    const created = await createKey();

    // then
    expect(created.key).toMatch(/^tbk_/);
    const listed = await t.http.get('/api/v1/api-keys').set('Authorization', await api.as('admin'));
    const entry = listed.body.items.find((k: { id: string }) => k.id === created.id);
    expect(entry).toMatchObject({ name: created.name, integrator: '市政务服务网', state: 'active', scopes: ALL });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);
    expect(JSON.stringify(listed.body)).not.toMatch(/keyHash|key_hash/);
    expect((await t.http.get(`/api/v1/api-keys/${created.id}`).set('Authorization', await api.as('admin'))).body.key).toBeUndefined();
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', created.key)).status).toBe(200);
  });

  it('rotates a key: the new secret works, the old one until the grace period ends', async () => {
    // given
    const old = await createKey();

    // when rotated with a 1-hour grace
    const rotated = await t.http.post(`/api/v1/api-keys/${old.id}/rotate`).set('Authorization', await api.as('admin')).send({ graceSeconds: 3600 });

    // then both work, and the old one expires in an hour
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ name: old.name, rotatedFrom: old.id, state: 'active', key: expect.stringMatching(/^tbk_/) });
    expect(rotated.body.key).not.toBe(old.key);
    const inAnHour = Date.parse(rotated.body.previousExpiresAt) - Date.now();
    expect(inAnHour).toBeGreaterThan(3500_000);
    expect(inAnHour).toBeLessThanOrEqual(3600_000);
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', old.key)).status).toBe(200);
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', rotated.body.key)).status).toBe(200);

    // when rotated again without grace
    const immediate = await t.http.post(`/api/v1/api-keys/${rotated.body.id}/rotate`).set('Authorization', await api.as('admin')).send({ graceSeconds: 0 });

    // then the replaced key is refused at once
    expect(immediate.status).toBe(201);
    const refused = await t.http.get('/api/v1/process-definitions').set('X-API-Key', rotated.body.key);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/expired/);
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', immediate.body.key)).status).toBe(200);
  });

  it('expires and revokes keys, audited', async () => {
    // given
    const expiring = await createKey();
    const revoking = await createKey();

    // when
    const expired = await t.http.patch(`/api/v1/api-keys/${expiring.id}`).set('Authorization', await api.as('admin')).send({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    const revoked = await t.http.post(`/api/v1/api-keys/${revoking.id}/revoke`).set('Authorization', await api.as('admin'));

    // then
    expect(expired.body.state).toBe('expired');
    expect(revoked.body.state).toBe('revoked');
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', expiring.key)).status).toBe(401);
    const refused = await t.http.get('/api/v1/process-definitions').set('X-API-Key', revoking.key);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked/);
    const rotateRevoked = await t.http.post(`/api/v1/api-keys/${revoking.id}/rotate`).set('Authorization', await api.as('admin')).send({});
    expect(rotateRevoked.status).toBe(400);
    const audit = await t.http.get(`/api/v1/identity-audit?target=api-key:${revoking.id}`).set('Authorization', await api.as('admin'));
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['api-key.revoked', 'api-key.created']);
  });

  it('lets a key start only the processes its scope names (403 naming the scope otherwise)', async () => {
    // given
    const { key: allowed } = await deployJobProcess();
    const { key: other } = await deployJobProcess();
    const scoped = await createKey({ ...ALL, processes: [allowed] });

    // when
    const started = await t.http.post('/api/v1/process-instances').set('X-API-Key', scoped.key).send({ processKey: allowed });
    const refused = await t.http.post('/api/v1/process-instances').set('X-API-Key', scoped.key).send({ processKey: other });

    // then
    expect(started.status).toBe(201);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SCOPE_MISSING', details: { scope: 'processes', name: other } });
    expect((await t.http.get(`/api/v1/process-instances?processKey=${other}`).set('X-API-Key', t.apiKey)).body.items).toHaveLength(0);
  });

  it('lets a key activate and work only jobs of the types its scope names', async () => {
    // given a job of a type the key may not consume
    const { key, type } = await deployJobProcess();
    const { type: otherType } = await deployJobProcess();
    await api.startWithKey(key);
    const scoped = await createKey({ ...ALL, jobTypes: [otherType] });
    const activate = (apiKey: string) => t.http.post('/api/v1/jobs/activate').set('X-API-Key', apiKey).send({ type, maxJobs: 1, workerId: 'w', timeout: 60_000 });

    // when
    const refused = await activate(scoped.key);

    // then
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SCOPE_MISSING', details: { scope: 'jobTypes', name: type } });

    // when the demo key (all scopes) activates it, the scoped key (another integrator's) still may not complete it
    const jobs = await api.eventually(async () => (await activate(t.apiKey)).body.jobs as { id: string }[], (list) => list.length === 1);
    const complete = await t.http.post(`/api/v1/jobs/${jobs[0].id}/complete`).set('X-API-Key', scoped.key).send({ variables: {} });
    expect(complete.status).toBe(404);
    expect((await t.http.get(`/api/v1/jobs/${jobs[0].id}`).set('X-API-Key', t.apiKey)).body.state).toBe('activated');

    // and it may neither read that job nor list jobs beyond its types
    expect((await t.http.get(`/api/v1/jobs/${jobs[0].id}`).set('X-API-Key', scoped.key)).status).toBe(404);
    const unfiltered = await t.http.get('/api/v1/jobs').set('X-API-Key', scoped.key);
    expect(unfiltered.status).toBe(403);
    expect(unfiltered.body.details).toMatchObject({ scope: 'jobTypes', filter: 'type' });
    expect((await t.http.get(`/api/v1/jobs?type=${otherType}`).set('X-API-Key', scoped.key)).status).toBe(200);
  });

  it("keeps another integrator's jobs invisible: 404 on read, complete and fail, left out of lists and activations", async () => {
    // given a job of a case the demo integrator started, and a second integrator with every scope
    const { key, type } = await deployJobProcess();
    const started = await api.startWithKey(key);
    const other = await createKey(ALL, { integrator: '另一个门户' });
    const activate = (apiKey: string) => t.http.post('/api/v1/jobs/activate').set('X-API-Key', apiKey).send({ type, maxJobs: 5, workerId: 'w', timeout: 60_000 });
    const [job] = await api.eventually(async () => (await t.http.get(`/api/v1/jobs?processInstanceId=${started.body.id}`).set('X-API-Key', t.apiKey)).body.items as { id: string }[], (list) => list.length === 1);

    // when the other integrator reaches for it
    const activated = await activate(other.key);
    const read = await t.http.get(`/api/v1/jobs/${job.id}`).set('X-API-Key', other.key);
    const complete = await t.http.post(`/api/v1/jobs/${job.id}/complete`).set('X-API-Key', other.key).send({ variables: { forged: true } });
    const fail = await t.http.post(`/api/v1/jobs/${job.id}/fail`).set('X-API-Key', other.key).send({ errorMessage: 'x', retries: 0 });
    const thrown = await t.http.post(`/api/v1/jobs/${job.id}/throw-error`).set('X-API-Key', other.key).send({ errorCode: 'X' });
    const listed = await t.http.get(`/api/v1/jobs?type=${type}`).set('X-API-Key', other.key);

    // then the job does not exist for it, and nothing changed
    expect(activated.status).toBe(200);
    expect(activated.body.jobs).toEqual([]);
    for (const response of [read, complete, fail, thrown]) {
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('NOT_FOUND');
    }
    expect(listed.body).toMatchObject({ items: [], total: 0 });
    const untouched = await t.http.get(`/api/v1/jobs/${job.id}`).set('X-API-Key', t.apiKey);
    expect(untouched.body).toMatchObject({ state: 'activatable', retries: 3 });

    // when a key names the type explicitly (a department's back office consuming its queue)
    const consumer = await createKey({ ...ALL, jobTypes: [type] }, { integrator: '部门后台' });
    const consumed = await activate(consumer.key);

    // then it gets the job and completes it
    expect(consumed.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    expect((await t.http.post(`/api/v1/jobs/${job.id}/complete`).set('X-API-Key', consumer.key).send({ variables: {} })).status).toBe(200);
  });

  it('lets a key limited to some processes read only their instances', async () => {
    // given an instance of a process outside the key's scope, started by another integrator
    const { key: allowed } = await deployJobProcess();
    const { key: other } = await deployJobProcess();
    const outside = await api.startWithKey(other);
    const scoped = await createKey({ ...ALL, processes: [allowed] });
    const inside = await t.http.post('/api/v1/process-instances').set('X-API-Key', scoped.key).send({ processKey: allowed });

    // then the other integrator's instance does not exist for the key, and lists need the key's processes
    expect((await t.http.get(`/api/v1/process-instances/${outside.body.id}`).set('X-API-Key', scoped.key)).status).toBe(404);
    expect((await t.http.get(`/api/v1/process-instances/${outside.body.id}/history`).set('X-API-Key', scoped.key)).status).toBe(404);
    expect((await t.http.get('/api/v1/process-instances').set('X-API-Key', scoped.key)).status).toBe(403);
    expect((await t.http.get(`/api/v1/process-instances/${inside.body.id}`).set('X-API-Key', scoped.key)).status).toBe(200);
    expect((await t.http.get(`/api/v1/process-instances?processKey=${allowed}`).set('X-API-Key', scoped.key)).body.items).toHaveLength(1);
  });

  it('keeps a key without readCaseData from case data, and one without actForApplicants from submitting', async () => {
    // given
    const { key } = await deployJobProcess();
    const started = await api.startWithKey(key);
    const noRead = await createKey({ ...ALL, readCaseData: false, actForApplicants: false });

    // when
    const read = await t.http.get(`/api/v1/process-instances/${started.body.id}`).set('X-API-Key', noRead.key);
    const submit = await t.http.post('/api/v1/applications').set('X-API-Key', noRead.key).send({});

    // then
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ code: 'SCOPE_MISSING', details: { scope: 'readCaseData' } });
    expect(submit.status).toBe(403);
    expect(submit.body.code).toBe('SCOPE_MISSING');
    expect((await t.http.get('/api/v1/process-definitions').set('X-API-Key', noRead.key)).status).toBe(200);
  });

  it('refuses bad key requests with 400 and non-admins with 403', async () => {
    const admin = await api.as('admin');
    const noScopes = await t.http.post('/api/v1/api-keys').set('Authorization', admin).send({ name: 'x-portal', integrator: 'x' });
    expect(noScopes.status).toBe(400);
    expect(noScopes.body.message).toMatch(/scopes/);
    const past = await t.http.post('/api/v1/api-keys').set('Authorization', admin).send({ name: 'x-portal', integrator: 'x', scopes: ALL, expiresAt: '2000-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/expiresAt/);
    expect((await t.http.post('/api/v1/api-keys').set('X-API-Key', t.apiKey).send({ name: 'x-portal', integrator: 'x', scopes: ALL })).status).toBe(403);
    expect((await t.http.get('/api/v1/api-keys').set('Authorization', await api.as('supervisor'))).status).toBe(403);
  });
});
