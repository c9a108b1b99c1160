import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('撤回: withdrawing one\'s own completion', () => {
  const { t, api } = useTestApp();

  async function reviewed() {
    const started = await startDepartmentCase(api);
    expect((await api.complete((await started.open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    const review = (await started.open()).review;
    expect((await api.complete(review.id, 'clerk.health')).status).toBe(200);
    return { ...started, review };
  }

  it('cancels the untouched next step and gives the step back to the person who completed it', async () => {
    // given: review completed, decide open and untouched
    const { id, open, review } = await reviewed();
    const decide = (await open()).decide;

    // when
    const response = await t.http.post(`/api/v1/tasks/${review.id}/withdraw`).set('Authorization', await api.as('clerk.health')).send({ comment: '意见有误，撤回修改' });

    // then
    expect(response.status).toBe(200);
    const after = await open();
    expect(Object.keys(after).sort()).toEqual(['review', 'siteCheck']);
    expect(after.review).toMatchObject({ department: 'health', state: 'claimed', assignee: 'clerk.health' });
    expect((await t.http.get(`/api/v1/tasks/${decide.id}`).set('Authorization', await api.as('admin'))).body.state).toBe('cancelled');
    expect((await api.history(id)).find((h) => h.type === 'task.withdrawn')).toMatchObject({ actor: 'clerk.health', elementId: 'review', data: { taskId: review.id, cancelled: [decide.id], comment: '意见有误，撤回修改' } });
    expect((await api.complete(after.review.id, 'clerk.health')).status).toBe(200);
  });

  it('refuses once the next step is claimed or drafted (409), and anyone but the person who completed it (403)', async () => {
    // given
    const { open, review } = await reviewed();
    const decide = (await open()).decide;
    const withdraw = async (user: string) => t.http.post(`/api/v1/tasks/${review.id}/withdraw`).set('Authorization', await api.as(user)).send({ comment: '撤回' });

    // when / then: another clerk, even an admin, may not withdraw it
    expect((await withdraw('admin')).status).toBe(403);
    // the next step is drafted
    await t.http.put(`/api/v1/tasks/${decide.id}/draft`).set('Authorization', await api.as('clerk.fire-rescue')).send({ comment: '草稿' }).expect(200);
    const drafted = await withdraw('clerk.health');
    expect(drafted.status).toBe(409);
    expect(drafted.body).toMatchObject({ code: 'WITHDRAW_REFUSED', details: { reason: 'the next step decide is drafted' } });
    // the next step is claimed
    await t.http.post(`/api/v1/tasks/${decide.id}/claim`).set('Authorization', await api.as('clerk.fire-rescue')).expect(200);
    expect((await withdraw('clerk.health')).body.code).toBe('WITHDRAW_REFUSED');
    expect((await open()).decide).toMatchObject({ id: decide.id, state: 'claimed' });
  });

  it('lets exactly one of a withdrawal and a claim of the next step win', async () => {
    // given
    const { id, open, review } = await reviewed();
    const decide = (await open()).decide;

    // when
    const [withdrawn, claimed] = await Promise.all([
      t.http.post(`/api/v1/tasks/${review.id}/withdraw`).set('Authorization', await api.as('clerk.health')).send({ comment: '撤回' }),
      t.http.post(`/api/v1/tasks/${decide.id}/claim`).set('Authorization', await api.as('clerk.fire-rescue')),
    ]);

    // then
    expect([withdrawn.status, claimed.status].sort()).toEqual([200, 409]);
    const withdrawals = (await api.history(id)).filter((h) => h.type === 'task.withdrawn');
    expect(withdrawals).toHaveLength(withdrawn.status === 200 ? 1 : 0);
  });
});
