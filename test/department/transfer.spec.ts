import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('转办: transferring a task', () => {
  const { t, api } = useTestApp();

  it("moves an open task to another department's queue, with the opinion in the history", async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when
    const response = await t.http.post(`/api/v1/tasks/${acceptance.id}/transfer`).set('Authorization', await api.as('clerk.market-regulation'))
      .send({ toDepartment: 'health', comment: '属卫生健康部门职责' });

    // then
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: acceptance.id, department: 'health', state: 'open', assignee: null });
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('clerk.market-regulation'))).status).toBe(403);
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('clerk.health'))).body).toMatchObject({ department: 'health', state: 'open' });
    expect((await api.history(id)).find((h) => h.type === 'task.transferred')).toMatchObject({
      actor: 'clerk.market-regulation', elementId: 'acceptance',
      data: { taskId: acceptance.id, comment: '属卫生健康部门职责', from: { department: 'market-regulation', assignee: null }, to: { department: 'health', assignee: null } },
    });
  });

  it('makes the task the new owner\'s own when transferred to a user; the previous owner no longer holds it', async () => {
    // given: the clerk holds the task
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', await api.as('clerk.market-regulation')).expect(200);

    // when
    const response = await t.http.post(`/api/v1/tasks/${acceptance.id}/transfer`).set('Authorization', await api.as('clerk.market-regulation'))
      .send({ toUser: 'clerk.health', comment: '请卫生部门办理' });

    // then
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ department: 'health', assignee: 'clerk.health', state: 'claimed' });
    const mine = await t.http.get(`/api/v1/tasks?assignee=clerk.market-regulation&state=claimed`).set('Authorization', await api.as('admin'));
    expect(mine.body.items.map((task: { id: string }) => task.id)).not.toContain(acceptance.id);
    expect((await api.complete(acceptance.id, 'clerk.health')).status).toBe(200);
  });

  it('refuses another department (403), someone else\'s claimed task (403), a finished task (409) and bad input (400), changing nothing', async () => {
    // given
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const send = async (user: string, body: object) => t.http.post(`/api/v1/tasks/${acceptance.id}/transfer`).set('Authorization', await api.as(user)).send(body);

    // when / then: wrong department
    expect((await send('clerk.health', { toDepartment: 'health', comment: '抢办' })).status).toBe(403);
    // bad input: neither or both targets, unknown department or user, no opinion
    for (const body of [{ comment: 'x' }, { toUser: 'clerk.health', toDepartment: 'health', comment: 'x' }, { toDepartment: 'no-such', comment: 'x' }, { toUser: 'nobody', comment: 'x' }, { toDepartment: 'health' }]) {
      const refused = await send('clerk.market-regulation', body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    }
    // claimed by someone else: an admin claims, the clerk may not transfer it
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', await api.as('admin')).expect(200);
    expect((await send('clerk.market-regulation', { toDepartment: 'health', comment: 'x' })).status).toBe(403);
    // finished
    expect((await api.complete(acceptance.id, 'admin')).status).toBe(200);
    const late = await send('admin', { toDepartment: 'health', comment: 'x' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TASK_NOT_ACTIVE');
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('admin'))).body).toMatchObject({ department: 'market-regulation', assignee: 'admin', state: 'completed' });
  });

  it('lets exactly one of two concurrent transfers win', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const token = await api.as('clerk.market-regulation');

    // when
    const [a, b] = await Promise.all([
      t.http.post(`/api/v1/tasks/${acceptance.id}/transfer`).set('Authorization', token).send({ toDepartment: 'health', comment: '甲' }),
      t.http.post(`/api/v1/tasks/${acceptance.id}/transfer`).set('Authorization', token).send({ toDepartment: 'fire-rescue', comment: '乙' }),
    ]);

    // then one wins; the other lost the race under the lock (409) or, arriving after the commit, found the task in another department (403)
    const [won, lost] = [a, b].sort((x, y) => x.status - y.status);
    expect(won.status).toBe(200);
    expect([403, 409]).toContain(lost.status);
    expect((await api.history(id)).filter((h) => h.type === 'task.transferred')).toHaveLength(1);
  });
});
