import { IdentityService } from '@tongban/identity';
import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';
import { inRoot } from '../support/root-scope';

describe('委派: delegating a task and resolving it back to its owner', () => {
  const { t, api } = useTestApp();
  const colleague = 'clerk.market-regulation.colleague';

  beforeAll(async () => {
    await inRoot(t.app).get(IdentityService).ensureUser({ username: colleague, password: colleague, roles: ['clerk'], department: 'market-regulation' });
  });

  it('lets the delegate work it and hand it back; only then does the owner complete it', async () => {
    // given: the clerk holds the task
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const owner = await api.as('clerk.market-regulation');
    const delegate = await api.as(colleague);
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', owner).expect(200);

    // when
    const delegated = await t.http.post(`/api/v1/tasks/${acceptance.id}/delegate`).set('Authorization', owner).send({ toUser: colleague, comment: '请协助核查材料' });

    // then: the delegate holds it; nobody completes it while pending
    expect(delegated.status).toBe(200);
    expect(delegated.body).toMatchObject({ assignee: colleague, owner: 'clerk.market-regulation', delegationState: 'pending', state: 'claimed' });
    expect((await t.http.post(`/api/v1/tasks/${acceptance.id}/complete`).set('Authorization', delegate).send({})).body.code).toBe('TASK_DELEGATED');
    expect((await t.http.post(`/api/v1/tasks/${acceptance.id}/resolve`).set('Authorization', owner).send({ comment: 'x' })).status).toBe(403);

    // when: the delegate resolves it with an opinion and a value
    const resolved = await t.http.post(`/api/v1/tasks/${acceptance.id}/resolve`).set('Authorization', delegate).send({ comment: '材料已核查无误', variables: { materialsChecked: true } });

    // then: back with the owner, the delegate's work shown as its draft; the owner completes
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ assignee: 'clerk.market-regulation', owner: 'clerk.market-regulation', delegationState: 'resolved', draft: { comment: '材料已核查无误', variables: { materialsChecked: true }, savedBy: colleague } });
    await t.http.post(`/api/v1/tasks/${acceptance.id}/complete`).set('Authorization', owner).send({ decision: 'approve', comment: '同意', variables: { materialsChecked: true } }).expect(200);
    const history = (await api.history(id)).filter((h) => h.type === 'task.delegated' || h.type === 'task.resolved');
    expect(history).toEqual([
      expect.objectContaining({ type: 'task.delegated', actor: 'clerk.market-regulation', data: { taskId: acceptance.id, owner: 'clerk.market-regulation', delegate: colleague, comment: '请协助核查材料' } }),
      expect.objectContaining({ type: 'task.resolved', actor: colleague, data: { taskId: acceptance.id, owner: 'clerk.market-regulation', comment: '材料已核查无误', variables: ['materialsChecked'] } }),
    ]);
  });

  it('refuses a delegate of another department (400), another department\'s clerk (403), a second delegation (409); concurrent delegations make one', async () => {
    // given
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const owner = await api.as('clerk.market-regulation');
    const delegate = (token: string, toUser: string) => t.http.post(`/api/v1/tasks/${acceptance.id}/delegate`).set('Authorization', token).send({ toUser, comment: '请协助' });

    // when / then
    expect((await delegate(owner, 'clerk.health')).body.code).toBe('VALIDATION_FAILED');
    expect((await delegate(owner, 'nobody')).body.code).toBe('VALIDATION_FAILED');
    expect((await delegate(await api.as('clerk.health'), colleague)).status).toBe(403);
    const [a, b] = await Promise.all([delegate(owner, colleague), delegate(owner, colleague)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await delegate(owner, colleague)).body.code).toBe('TASK_DELEGATED');
  });
});
