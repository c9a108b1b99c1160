import { DataSource } from 'typeorm';
import { fixture } from './support/fixtures';
import { useTestApp } from './support/use-test-app';
import { inRoot } from './support/root-scope';

describe('exclusive gateway with FEEL conditions', () => {
  const { t, api } = useTestApp();

  it('takes the flow whose FEEL condition holds', async () => {
    const { key, xml } = fixture('exclusive-routing');
    await api.deploy(xml);

    const id = (await api.startWithKey(key, { areaM2: 450 })).body.id;

    const tasks = await api.tasks(id);
    expect(tasks.map((task) => [task.elementId, task.department])).toEqual([['onSiteInspection', 'fire-rescue']]);
    const history = await api.history(id);
    expect(history.some((h) => h.type === 'element.left' && h.elementId === 'byArea')).toBe(true);
  });

  it('takes the default flow when no condition holds', async () => {
    const { key, xml } = fixture('exclusive-routing');
    await api.deploy(xml);

    const id = (await api.startWithKey(key, { areaM2: 80 })).body.id;

    expect((await api.tasks(id)).map((task) => task.elementId)).toEqual(['standardReview']);
    const task = (await api.tasks(id))[0];
    expect((await api.complete(task.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.instance(id)).state).toBe('completed');
  });

  it('records an incident when no flow matches and there is no default', async () => {
    const { key, xml } = fixture('exclusive-no-default');
    await api.deploy(xml);

    const started = await api.startWithKey(key, { applicantType: 'foundation' });

    expect(started.status).toBe(201);
    expect(started.body.state).toBe('incident');
    const id = started.body.id;
    const instance = await api.instance(id);
    expect(instance.state).toBe('incident');
    expect(instance.activeElementIds).toContain('byApplicant');
    expect(await api.tasks(id)).toEqual([]);
    const incident = (await api.history(id)).find((h) => h.type === 'incident.raised');
    expect(incident).toMatchObject({ elementId: 'byApplicant', data: { incidentType: 'NO_MATCHING_FLOW' } });
    const listed = await t.http.get(`/api/v1/process-instances?processKey=${key}&state=incident`).set('X-API-Key', t.apiKey);
    expect(listed.body.total).toBe(1);
    const rows = await inRoot(t.app).get(DataSource).query(`SELECT element_id, type, state FROM incident WHERE instance_id = $1`, [id]);
    expect(rows).toEqual([{ element_id: 'byApplicant', type: 'NO_MATCHING_FLOW', state: 'open' }]);
  });

  it('routes by a string comparison when one matches', async () => {
    const { key, xml } = fixture('exclusive-no-default');
    await api.deploy(xml);

    const id = (await api.startWithKey(key, { applicantType: 'person' })).body.id;

    expect((await api.tasks(id)).map((task) => [task.elementId, task.department])).toEqual([['personReview', 'public-security']]);
  });
});
