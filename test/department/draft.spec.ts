import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('drafts: saving work on a task without completing it', () => {
  const { t, api } = useTestApp();

  it('keeps the latest draft on the task, shows it, and clears it on completion', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const clerk = await api.as('clerk.market-regulation');

    // when
    await t.http.put(`/api/v1/tasks/${acceptance.id}/draft`).set('Authorization', clerk).send({ comment: '初稿' }).expect(200);
    const saved = await t.http.put(`/api/v1/tasks/${acceptance.id}/draft`).set('Authorization', clerk).send({ variables: { checked: true }, decision: 'approve', comment: '材料齐全' });

    // then
    expect(saved.status).toBe(200);
    const shown = (await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', clerk)).body;
    expect(shown.draft).toEqual({ variables: { checked: true }, decision: 'approve', comment: '材料齐全', savedBy: 'clerk.market-regulation', savedAt: expect.any(String) });
    expect((await api.instance(id)).variables).not.toHaveProperty('checked');
    expect((await api.history(id)).filter((h) => h.type === 'task.draft-saved').map((h) => h.data)).toEqual([
      { taskId: acceptance.id, variables: [] }, { taskId: acceptance.id, variables: ['checked'] },
    ]);

    // when
    await t.http.post(`/api/v1/tasks/${acceptance.id}/complete`).set('Authorization', clerk).send({ decision: 'approve', comment: '材料齐全', variables: { checked: true } }).expect(200);

    // then
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', clerk)).body).toMatchObject({ state: 'completed', draft: null });
  });

  it("refuses another department (403), someone else's claimed task (409), a finished task (409) and a malformed draft (400)", async () => {
    // given
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const put = async (user: string, body: object) => t.http.put(`/api/v1/tasks/${acceptance.id}/draft`).set('Authorization', await api.as(user)).send(body);

    // when / then
    expect((await put('clerk.health', { comment: 'x' })).status).toBe(403);
    expect((await put('clerk.market-regulation', { variables: 'x' })).body.code).toBe('VALIDATION_FAILED');
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', await api.as('admin')).expect(200);
    expect((await put('clerk.market-regulation', { comment: 'x' })).body.code).toBe('TASK_CLAIMED');
    expect((await api.complete(acceptance.id, 'admin')).status).toBe(200);
    expect((await put('admin', { comment: 'x' })).body.code).toBe('TASK_NOT_ACTIVE');
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('admin'))).body.draft).toBeNull();
  });
});
