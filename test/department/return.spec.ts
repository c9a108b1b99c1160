import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('退回: returning a case to an earlier step', () => {
  const { t, api } = useTestApp();

  it('sends the case back one step inside its branch, leaves the other branch alone, and the step is approved again with an opinion', async () => {
    // given: acceptance and review done; decide waits beside the site check
    const { id, open } = await startDepartmentCase(api);
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);
    const before = await open();
    const fire = await api.as('clerk.fire-rescue');

    // when: the decider asks what may be done, then returns to review
    const operations = await t.http.get(`/api/v1/tasks/${before.decide.id}/operations`).set('Authorization', fire);
    const returned = await t.http.post(`/api/v1/tasks/${before.decide.id}/return`).set('Authorization', fire).send({ toElementId: 'review', comment: '审查意见不完整，请补充。' });

    // then
    expect(operations.status).toBe(200);
    expect(operations.body.find((o: { operation: string }) => o.operation === 'return')).toEqual({ operation: 'return', allowed: true, targets: [{ elementId: 'review', name: 'Review' }] });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ id: before.decide.id, state: 'cancelled' });
    const after = await open();
    expect(Object.keys(after).sort()).toEqual(['review', 'siteCheck']);
    expect(after.review).toMatchObject({ department: 'health', state: 'open' });
    expect(after.siteCheck.id).toBe(before.siteCheck.id);
    expect((await api.history(id)).find((h) => h.type === 'task.returned')).toMatchObject({
      actor: 'clerk.fire-rescue', elementId: 'decide', data: { taskId: before.decide.id, from: 'decide', to: 'review', comment: '审查意见不完整，请补充。' },
    });

    // when: review, decide and the site check are approved
    const approved = await t.http.post(`/api/v1/tasks/${after.review.id}/complete`).set('Authorization', await api.as('clerk.health')).send({ decision: 'approve', comment: '已补充审查意见，同意。' });
    expect(approved.status).toBe(200);
    expect((await api.complete((await open()).decide.id, 'clerk.fire-rescue')).status).toBe(200);
    expect((await api.complete(after.siteCheck.id, 'clerk.city-appearance')).status).toBe(200);

    // then: the case completes once
    expect((await api.instance(id)).state).toBe('completed');
  });

  it('refuses a target across the fork (409 with the allowed targets), another department (403), and a finished task (409), changing nothing', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    const review = (await open()).review;
    const send = async (user: string, toElementId: string) => t.http.post(`/api/v1/tasks/${review.id}/return`).set('Authorization', await api.as(user)).send({ toElementId, comment: '退回' });

    // when / then
    const acrossFork = await send('clerk.health', 'acceptance');
    expect(acrossFork.status).toBe(409);
    expect(acrossFork.body).toMatchObject({ code: 'RETURN_TARGET_NOT_ALLOWED', details: { allowed: [] } });
    expect((await send('clerk.fire-rescue', 'acceptance')).status).toBe(403);
    const operations = await t.http.get(`/api/v1/tasks/${review.id}/operations`).set('Authorization', await api.as('clerk.health'));
    expect(operations.body.find((o: { operation: string }) => o.operation === 'return')).toMatchObject({ allowed: false, reason: expect.stringContaining('no earlier step') });
    expect((await api.complete(review.id, 'clerk.health')).status).toBe(200);
    expect((await send('clerk.health', 'acceptance')).body.code).toBe('TASK_NOT_ACTIVE');
    expect((await api.history(id)).some((h) => h.type === 'task.returned')).toBe(false);
  });

  it('lets exactly one of a return and a completion racing on the same task win', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);
    const decide = (await open()).decide;
    const fire = await api.as('clerk.fire-rescue');

    // when
    const [returned, completed] = await Promise.all([
      t.http.post(`/api/v1/tasks/${decide.id}/return`).set('Authorization', fire).send({ toElementId: 'review', comment: '退回' }),
      t.http.post(`/api/v1/tasks/${decide.id}/complete`).set('Authorization', fire).send({}),
    ]);

    // then
    expect([returned.status, completed.status].sort()).toEqual([200, 409]);
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'task.returned' || (h.type === 'task.completed' && h.elementId === 'decide'))).toHaveLength(1);
  });
});
