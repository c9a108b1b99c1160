import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('抄送: read-only copies of a task', () => {
  const { t, api } = useTestApp();

  const cc = async (taskId: string, user: string, body: Record<string, unknown>) => t.http.post(`/api/v1/tasks/${taskId}/cc`).set('Authorization', await api.as(user)).send(body);
  const list = async (user: string, query = '') => t.http.get(`/api/v1/cc${query}`).set('Authorization', await api.as(user));

  it('puts a copy in each recipient\'s unread list, marks it read, and records it in the history', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when: the acceptance clerk copies the fire department and the supervisor
    const toDepartment = await cc(acceptance.id, 'clerk.market-regulation', { departments: ['fire-rescue'], comment: '请知悉，后续需消防现场核查。' });
    const toUser = await cc(acceptance.id, 'clerk.market-regulation', { users: ['supervisor'], comment: '请督办。' });

    // then
    expect(toDepartment.status).toBe(200);
    // (a department copy reaches every member; other specs sharing the database may have added members to fire-rescue)
    expect(toDepartment.body).toEqual({ taskId: acceptance.id, copies: expect.arrayContaining([{ id: expect.any(String), recipient: 'clerk.fire-rescue' }]) });
    const departmentRecipients = toDepartment.body.copies.map((c: { recipient: string }) => c.recipient);
    expect(departmentRecipients).not.toContain('clerk.health');
    expect(toUser.status).toBe(200);
    const unread = await list('clerk.fire-rescue', '?unread=true');
    expect(unread.status).toBe(200);
    const mine = unread.body.items.find((c: { taskId: string }) => c.taskId === acceptance.id);
    expect(mine).toMatchObject({ processInstanceId: id, elementId: 'acceptance', taskName: 'Acceptance', department: 'market-regulation', sentBy: 'clerk.market-regulation', comment: '请知悉，后续需消防现场核查。', readAt: null });
    expect((await api.history(id)).filter((h) => h.type === 'task.copied').map((h) => h.data)).toEqual([
      { taskId: acceptance.id, recipients: departmentRecipients, comment: '请知悉，后续需消防现场核查。' },
      { taskId: acceptance.id, recipients: ['supervisor'], comment: '请督办。' },
    ]);
    // a copy is read-only: the recipient cannot work the task
    expect((await api.complete(acceptance.id, 'clerk.fire-rescue')).status).toBe(403);

    // when: marked read
    const read = await t.http.post(`/api/v1/cc/${mine.id}/read`).set('Authorization', await api.as('clerk.fire-rescue'));

    // then
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await list('clerk.fire-rescue', '?unread=true')).body.items.some((c: { id: string }) => c.id === mine.id)).toBe(false);
    expect((await list('clerk.fire-rescue')).body.items.some((c: { id: string }) => c.id === mine.id)).toBe(true);
    expect((await t.http.post(`/api/v1/cc/${mine.id}/read`).set('Authorization', await api.as('supervisor'))).status).toBe(403);
  });

  it('refuses another department\'s clerk, an unknown recipient, and a second copy to the same recipient; one of two racing copies wins', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when / then
    expect((await cc(acceptance.id, 'clerk.health', { users: ['supervisor'], comment: '抄送' })).status).toBe(403);
    expect((await cc(acceptance.id, 'clerk.market-regulation', { users: ['nobody'], comment: '抄送' })).status).toBe(400);
    expect((await cc(acceptance.id, 'clerk.market-regulation', { users: ['supervisor'], departments: ['health'], comment: '抄送' })).status).toBe(400);
    const [one, two] = await Promise.all([
      cc(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], comment: '抄送' }),
      cc(acceptance.id, 'admin', { users: ['clerk.health'], comment: '抄送' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect((await api.history(id)).filter((h) => h.type === 'task.copied')).toHaveLength(1);
  });
});
