import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('撤回 before a parallel fork: every branch must be untouched', () => {
  const { t, api } = useTestApp();

  async function accepted() {
    const started = await startDepartmentCase(api);
    const acceptance = (await started.open()).acceptance;
    expect((await api.complete(acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    return { ...started, acceptance };
  }
  const withdraw = async (taskId: string, user = 'clerk.market-regulation') =>
    t.http.post(`/api/v1/tasks/${taskId}/withdraw`).set('Authorization', await api.as(user)).send({ comment: '受理意见有误，撤回。' });

  it('cancels every branch task and gives the step back to the person who completed it', async () => {
    // given: review and site check open, untouched
    const { id, open, acceptance } = await accepted();
    const branches = await open();

    // when
    const response = await withdraw(acceptance.id);

    // then
    expect(response.status).toBe(200);
    const after = await open();
    expect(Object.keys(after)).toEqual(['acceptance']);
    expect(after.acceptance).toMatchObject({ state: 'claimed', assignee: 'clerk.market-regulation' });
    const admin = await api.as('admin');
    for (const branch of [branches.review, branches.siteCheck]) expect((await t.http.get(`/api/v1/tasks/${branch.id}`).set('Authorization', admin)).body.state).toBe('cancelled');
    expect((await api.history(id)).find((h) => h.type === 'task.withdrawn')).toMatchObject({
      actor: 'clerk.market-regulation', elementId: 'acceptance', data: { taskId: acceptance.id, cancelled: expect.arrayContaining([branches.review.id, branches.siteCheck.id]), comment: '受理意见有误，撤回。' },
    });

    // when: completed again, the fork runs once more
    expect((await api.complete(after.acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect(Object.keys(await open()).sort()).toEqual(['review', 'siteCheck']);
  });

  it('refuses (409 with the reason) once one branch task is claimed or completed, changing nothing', async () => {
    // given
    const { open, acceptance } = await accepted();
    const branches = await open();

    // when / then: a branch task claimed
    await t.http.post(`/api/v1/tasks/${branches.siteCheck.id}/claim`).set('Authorization', await api.as('clerk.city-appearance')).expect(200);
    const claimed = await withdraw(acceptance.id);
    expect(claimed.status).toBe(409);
    expect(claimed.body).toMatchObject({ code: 'WITHDRAW_REFUSED', details: { reason: 'the next step siteCheck is claimed by clerk.city-appearance' } });

    // a branch task completed
    expect((await api.complete(branches.siteCheck.id, 'clerk.city-appearance')).status).toBe(200);
    const moved = await withdraw(acceptance.id);
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: 'WITHDRAW_REFUSED', details: { reason: 'the branch step siteCheck has moved on' } });
    expect((await open()).review).toMatchObject({ id: branches.review.id, state: 'open' });
    // another person may not withdraw it at all
    expect((await withdraw(acceptance.id, 'admin')).status).toBe(403);
  });

  it('lets exactly one of a withdrawal and a claim of a branch task win', async () => {
    // given
    const { id, open, acceptance } = await accepted();
    const review = (await open()).review;

    // when
    const [withdrawn, claimed] = await Promise.all([
      withdraw(acceptance.id),
      t.http.post(`/api/v1/tasks/${review.id}/claim`).set('Authorization', await api.as('clerk.health')),
    ]);

    // then
    expect([withdrawn.status, claimed.status].sort()).toEqual([200, 409]);
    expect((await api.history(id)).filter((h) => h.type === 'task.withdrawn')).toHaveLength(withdrawn.status === 200 ? 1 : 0);
  });
});
