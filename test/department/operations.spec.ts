import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('GET /tasks/:id/operations: what the caller may do now, and why not', () => {
  const { t, api } = useTestApp();

  const verdicts = async (taskId: string, user: string) => {
    const response = await t.http.get(`/api/v1/tasks/${taskId}/operations`).set('Authorization', await api.as(user));
    expect(response.status).toBe(200);
    return Object.fromEntries((response.body as { operation: string; allowed: boolean; reason?: string }[]).map((o) => [o.operation, o.allowed ? true : o.reason]));
  };

  it('answers each role by the rules the commands apply', async () => {
    // given: an open acceptance task
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when
    const clerk = await verdicts(acceptance.id, 'clerk.market-regulation');
    const supervisor = await verdicts(acceptance.id, 'supervisor');
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', await api.as('admin')).expect(200);
    const clerkAfterAdminClaim = await verdicts(acceptance.id, 'clerk.market-regulation');

    // then
    expect(clerk).toEqual({
      claim: true, unclaim: 'the task is not claimed', complete: true, draft: true, transfer: true, delegate: true,
      resolve: 'the task is not delegated', return: 'no earlier step in this branch has completed',
      withdraw: 'only a completed task can be withdrawn', urge: 'supervisors and admins urge tasks',
      addSigners: true, removeSigner: true, cc: true,
    });
    expect(supervisor).toMatchObject({ claim: expect.stringContaining('only a clerk'), transfer: expect.stringContaining('only a clerk'), urge: true, addSigners: expect.stringContaining('only a clerk'), cc: true });
    expect(clerkAfterAdminClaim).toMatchObject({ claim: 'the task is claimed by admin', complete: 'the task is claimed by admin', transfer: expect.stringContaining('claimed by admin'), addSigners: expect.stringContaining('claimed by admin') });
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}/operations`).set('Authorization', await api.as('clerk.health'))).status).toBe(403);
  });
});
