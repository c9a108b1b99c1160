import { createTongbanClient, unwrap, type TongbanClient } from '@tongban/client';
import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { advanceClock } from '../support/advance-clock';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { flow, processXml } from './support/bpmn';

const DAY = 24 * 3600_000;

/** Version 1 of a licence process, and the bodies of later versions under the same key. */
function versions() {
  const v1 = processXml('migrate', `
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="intake" tongban:department="health" />
    <bpmn:userTask id="review" tongban:department="health" />
    <bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'intake')}${flow('f2', 'intake', 'review')}${flow('f3', 'review', 'end')}`);
  const withKey = (body: string) => v1.xml.replace(/<bpmn:process id="([^"]+)" isExecutable="true">[\s\S]*<\/bpmn:process>/, `<bpmn:process id="$1" isExecutable="true">${body}</bpmn:process>`);
  /** v2: review gets a two-day deadline and an issuing step follows it. */
  const v2 = withKey(`
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="intake" tongban:department="health" />
    <bpmn:userTask id="review" name="审查" tongban:department="health" />
    <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:userTask id="issue" tongban:department="health" />
    <bpmn:endEvent id="end" /><bpmn:endEvent id="escalated" />
    ${flow('f1', 'start', 'intake')}${flow('f2', 'intake', 'review')}${flow('f3', 'review', 'issue')}${flow('f4', 'issue', 'end')}${flow('f5', 'late', 'escalated')}`);
  /** v3: intake is renamed acceptance. */
  const v3 = withKey(`
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="acceptance" tongban:department="health" />
    <bpmn:userTask id="review" tongban:department="health" />
    <bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'acceptance')}${flow('f2', 'acceptance', 'review')}${flow('f3', 'review', 'end')}`);
  return { key: v1.key, v1: v1.xml, v2, v3 };
}

describe('instance migration over REST', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock(new Date('2026-03-02T01:00:00Z')) }));
  let admin: TongbanClient;
  let db: DataSource;
  /** Starts version 1 as the portal's integrator, who reads the case afterwards. */
  const startV1 = async (processKey: string): Promise<string> => {
    const response = await t.http.post('/api/v1/process-instances').set('X-API-Key', t.apiKey).send({ processKey, version: 1 });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
    admin = createTongbanClient({ baseUrl: await t.app.getUrl(), token: await t.token('admin') });
  });

  async function deployAll(): Promise<{ key: string; ids: string[] }> {
    const { key, v1, v2, v3 } = versions();
    const ids: string[] = [];
    for (const xml of [v1, v2, v3]) ids.push((await api.deploy(xml, `${key}.bpmn`)).processes[0].id);
    return { key, ids };
  }

  async function openTask(instanceId: string, elementId: string) {
    const tasks = await api.tasks(instanceId);
    return tasks.find((task) => task.elementId === elementId && (task.state === 'open' || task.state === 'claimed'));
  }

  it('moves a case from v1 to v2 mid-case: the claimed task keeps its id and assignee, the new deadline runs, the case ends on v2’s path', async () => {
    // given a v1 case at review, claimed by its clerk
    const { key, ids: [v1, v2] } = await deployAll();
    const id = (await startV1(key));
    await api.complete((await openTask(id, 'intake'))!.id, 'clerk.health');
    const review = (await openTask(id, 'review'))!;
    await t.http.post(`/api/v1/tasks/${review.id}/claim`).set('Authorization', await api.as('clerk.health')).expect(200);

    // when
    const migrated = unwrap(await admin.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: v2 } }));

    // then
    expect(migrated).toEqual({ id, state: 'active', definitionId: v2, definitionVersion: 2 });
    const moved = (await openTask(id, 'review'))!;
    expect(moved).toMatchObject({ id: review.id, state: 'claimed', assignee: 'clerk.health' });
    const [timer] = await db.query(`SELECT element_id, definition_id, state FROM timer WHERE instance_id = $1`, [id]);
    expect(timer).toEqual({ element_id: 'late', definition_id: v2, state: 'scheduled' });
    const history = await api.history(id);
    expect(history.find((h) => h.type === 'instance.migration')).toMatchObject({ actor: 'admin', data: { sourceDefinitionId: v1, sourceVersion: 1, targetDefinitionId: v2, targetVersion: 2 } });
    expect(unwrap(await admin.GET('/api/v1/process-instances/{id}', { params: { path: { id } } }))).toMatchObject({ definitionId: v2 });

    // and the case continues on v2: review leads to the issuing step, which v1 did not have
    expect((await api.complete(review.id, 'clerk.health')).status).toBe(200);
    const issue = (await openTask(id, 'issue'))!;
    expect((await api.complete(issue.id, 'clerk.health')).status).toBe(200);
    expect((await api.instance(id)).state).toBe('completed');
  });

  it('fires the deadline the target adds', async () => {
    // given
    const { key, ids: [, v2] } = await deployAll();
    const id = (await startV1(key));
    await api.complete((await openTask(id, 'intake'))!.id, 'clerk.health');
    unwrap(await admin.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: v2 } }));

    // when
    await advanceClock(t, 2 * DAY);

    // then
    expect((await api.instance(id)).state).toBe('completed');
    expect((await api.history(id)).some((h) => h.elementId === 'escalated')).toBe(true);
  });

  it('refuses with the reason and changes nothing: an element without counterpart (409), a clerk (403), an unknown target (404)', async () => {
    // given a case at intake, which v3 renamed
    const { key, ids: [v1, , v3] } = await deployAll();
    const id = (await startV1(key));
    const intake = (await openTask(id, 'intake'))!;

    // when
    const refused = await admin.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: v3 } });
    const clerk = createTongbanClient({ baseUrl: await t.app.getUrl(), token: await t.token('clerk.health') });
    const forbidden = await clerk.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: v3 } });
    const unknown = await admin.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: '00000000-0000-4000-8000-000000000000' } });

    // then
    expect(refused.response.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'MIGRATION_REFUSED', message: expect.stringContaining('active element intake has no counterpart') });
    expect(forbidden.response.status).toBe(403);
    expect(unknown.response.status).toBe(404);
    expect((await api.instance(id)).definitionId).toBe(v1);
    expect((await api.history(id)).some((h) => h.type === 'instance.migration')).toBe(false);

    // and with the mapping it moves, keeping the task
    unwrap(await admin.POST('/api/v1/process-instances/{id}/migration', { params: { path: { id } }, body: { targetDefinitionId: v3, mappings: [{ source: 'intake', target: 'acceptance' }] } }));
    expect((await openTask(id, 'acceptance'))!.id).toBe(intake.id);
  });

  it('migrates in a batch, answering each instance migrated or refused', async () => {
    // given one case at intake and one at review; v3 has no intake
    const { key, ids: [v1, , v3] } = await deployAll();
    const atIntake = (await startV1(key));
    const atReview = (await startV1(key));
    await api.complete((await openTask(atReview, 'intake'))!.id, 'clerk.health');

    // when
    const result = unwrap(await admin.POST('/api/v1/process-instances/migration', { body: { sourceDefinitionId: v1, targetDefinitionId: v3 } }));

    // then
    expect(result.migrated).toBe(1);
    expect(result.refused).toBe(1);
    expect(result.items).toEqual(expect.arrayContaining([
      { instanceId: atReview, status: 'migrated' },
      { instanceId: atIntake, status: 'refused', code: 'MIGRATION_REFUSED', reason: expect.stringContaining('intake') },
    ]));
    expect((await api.instance(atReview)).definitionId).toBe(v3);
    expect((await api.instance(atIntake)).definitionId).toBe(v1);
  });
});
