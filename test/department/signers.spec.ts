import { fixture } from '../support/fixtures';
import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

type Row = { id: string; elementId: string; department: string; state: string; assignee: string | null };

describe('加签 and 减签: more signers on a task, and removing an open one', () => {
  const { t, api } = useTestApp();

  async function countersign(reviewers: string[] = ['a', 'b']) {
    const { key, xml } = fixture('department-countersign');
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { reviewers })).body.id as string;
    const all = async (): Promise<Row[]> => api.tasks(id);
    const open = async (elementId: string) => (await all()).filter((task) => task.elementId === elementId && (task.state === 'open' || task.state === 'claimed'));
    return { id, all, open };
  }

  const addSigners = async (taskId: string, user: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/tasks/${taskId}/signers`).set('Authorization', await api.as(user)).send(body);
  const removeSigner = async (taskId: string, signerId: string, user: string) =>
    t.http.delete(`/api/v1/tasks/${taskId}/signers/${signerId}`).set('Authorization', await api.as(user)).send({ comment: '不涉及本部门，减签。' });

  it('会签 加签: a department added beside the countersign gets an inner instance the completion waits for', async () => {
    // given: two health signers
    const { id, open } = await countersign();
    const [first, second] = await open('countersign');

    // when: health adds the fire department as a parallel signer
    const added = await addSigners(first.id, 'clerk.health', { departments: ['fire-rescue'], position: 'parallel', comment: '涉及消防安全，请消防部门会签。' });

    // then
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ taskId: first.id, position: 'parallel', taskIds: [expect.any(String)] });
    const signers = await open('countersign');
    expect(signers.map((task) => task.department).sort()).toEqual(['fire-rescue', 'health', 'health']);
    expect(signers.find((task) => task.id === added.body.taskIds[0])).toMatchObject({ department: 'fire-rescue', state: 'open' });
    expect((await api.history(id)).find((h) => h.type === 'task.signers-added')).toMatchObject({
      actor: 'clerk.health', elementId: 'countersign', data: { taskId: first.id, position: 'parallel', signers: ['fire-rescue'], comment: '涉及消防安全，请消防部门会签。' },
    });
    const operations = await t.http.get(`/api/v1/tasks/${first.id}/operations`).set('Authorization', await api.as('clerk.health'));
    expect(operations.body.find((o: { operation: string }) => o.operation === 'addSigners')).toMatchObject({ allowed: true });

    // when: the two health signers complete
    expect((await api.complete(first.id, 'clerk.health')).status).toBe(200);
    expect((await api.complete(second.id, 'clerk.health')).status).toBe(200);

    // then: the countersign still waits for the added signer (nrOfInstances is 3)
    expect(await open('decide')).toHaveLength(0);
    expect((await api.complete(added.body.taskIds[0], 'clerk.fire-rescue')).status).toBe(200);
    expect(await open('decide')).toHaveLength(1);
    expect((await api.instance(id)).variables.opinions).toEqual(['a', 'b', 'fire-rescue']);
  });

  it('会签 减签: an open inner instance is removed and the countersign completes without it; the last one and a completed one are refused', async () => {
    // given: three health signers, the first has signed
    const { id, open, all } = await countersign(['a', 'b', 'c']);
    const [first, second, third] = await open('countersign');
    expect((await api.complete(first.id, 'clerk.health')).status).toBe(200);

    // when / then: a completed signer cannot be removed
    const completed = await removeSigner(second.id, first.id, 'clerk.health');
    expect(completed.status).toBe(409);
    expect(completed.body).toMatchObject({ code: 'SIGNERS_REFUSED', details: { reason: expect.stringContaining('signed already') } });
    // another department may not
    expect((await removeSigner(second.id, third.id, 'clerk.fire-rescue')).status).toBe(403);

    // when: the third is removed
    const removed = await removeSigner(second.id, third.id, 'clerk.health');

    // then
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: third.id, state: 'cancelled' });
    expect((await all()).find((task) => task.id === third.id)?.state).toBe('cancelled');
    expect((await api.history(id)).find((h) => h.type === 'task.signer-removed')).toMatchObject({ actor: 'clerk.health', data: { taskId: second.id, removed: third.id, comment: '不涉及本部门，减签。' } });

    // when / then: the last open one cannot be removed, not even by an admin
    const last = await removeSigner(second.id, second.id, 'admin');
    expect(last.status).toBe(409);
    expect((await api.complete(second.id, 'clerk.health')).status).toBe(200);
    expect(await open('decide')).toHaveLength(1);
  });

  it('refuses parallel signers on a single task, signers on a finished task, and another department', async () => {
    // given
    const { open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when / then
    const parallel = await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], position: 'parallel', comment: '会签' });
    expect(parallel.status).toBe(409);
    expect(parallel.body).toMatchObject({ code: 'SIGNERS_REFUSED', details: { reason: expect.stringContaining('single task') } });
    expect((await addSigners(acceptance.id, 'clerk.health', { users: ['clerk.health'], position: 'before', comment: '加签' })).status).toBe(403);
    expect((await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['nobody'], position: 'before', comment: '加签' })).status).toBe(400);
    expect((await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], departments: ['health'], position: 'before', comment: '加签' })).status).toBe(400);
    expect((await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], position: 'sideways', comment: '加签' })).status).toBe(400);
    expect((await api.complete(acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], position: 'before', comment: '加签' })).body.code).toBe('TASK_NOT_ACTIVE');
  });

  it('前加签: the signer works first while the task waits, then the task is back as it was', async () => {
    // given: acceptance claimed by its clerk
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    await t.http.post(`/api/v1/tasks/${acceptance.id}/claim`).set('Authorization', await api.as('clerk.market-regulation')).expect(200);

    // when
    const added = await addSigners(acceptance.id, 'clerk.market-regulation', { users: ['clerk.health'], position: 'before', comment: '请卫生部门先行审核。' });

    // then: the signer holds a task of the same step; the task waits and cannot be completed
    expect(added.status).toBe(200);
    const [signerId] = added.body.taskIds as string[];
    const signer = await t.http.get(`/api/v1/tasks/${signerId}`).set('Authorization', await api.as('clerk.health'));
    expect(signer.body).toMatchObject({ elementId: 'acceptance', department: 'health', assignee: 'clerk.health', state: 'claimed', signOf: acceptance.id, signPosition: 'before' });
    const held = await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('clerk.market-regulation'));
    expect(held.body.state).toBe('signing');
    expect((await api.complete(acceptance.id, 'clerk.market-regulation')).status).toBe(409);

    // when: the signer signs with an opinion
    const signed = await t.http.post(`/api/v1/tasks/${signerId}/complete`).set('Authorization', await api.as('clerk.health')).send({ decision: 'approve', comment: '卫生条件符合要求。' });

    // then: the task is back, claimed by its clerk, and nothing else moved
    expect(signed.status).toBe(200);
    expect((await open()).acceptance).toMatchObject({ id: acceptance.id, state: 'claimed', assignee: 'clerk.market-regulation' });
    expect((await open()).review).toBeUndefined();
    expect((await api.history(id)).find((h) => h.type === 'task.signed')).toMatchObject({
      actor: 'clerk.health', elementId: 'acceptance', data: { taskId: signerId, signOf: acceptance.id, position: 'before', decision: 'approve', comment: '卫生条件符合要求。' },
    });
    expect((await api.complete(acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect(Object.keys(await open()).sort()).toEqual(['review', 'siteCheck']);
  });

  it('后加签: the task completes, the signer works next, and the case moves on only once they have signed', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;

    // when: a signer after is added, then the task is completed with an opinion
    expect((await addSigners(acceptance.id, 'clerk.market-regulation', { departments: ['fire-rescue'], position: 'after', comment: '受理后请消防部门复核。' })).status).toBe(200);
    const completed = await t.http.post(`/api/v1/tasks/${acceptance.id}/complete`).set('Authorization', await api.as('clerk.market-regulation')).send({ decision: 'approve', comment: '受理。' });

    // then: the signer's task is open in its queue; the fork has not been reached
    expect(completed.status).toBe(200);
    const after = await open();
    expect(Object.keys(after)).toEqual(['acceptance']);
    expect(after.acceptance).toMatchObject({ department: 'fire-rescue', state: 'open' });
    expect(after.acceptance.id).not.toBe(acceptance.id);
    expect((await api.history(id)).find((h) => h.type === 'task.completed' && h.elementId === 'acceptance')).toMatchObject({ data: { decision: 'approve', comment: '受理。', awaitingSigners: [after.acceptance.id] } });

    // when: the signer signs
    expect((await api.complete(after.acceptance.id, 'clerk.fire-rescue')).status).toBe(200);

    // then: the case moves on, once
    expect(Object.keys(await open()).sort()).toEqual(['review', 'siteCheck']);
    expect((await api.history(id)).filter((h) => h.type === 'task.signed')).toHaveLength(1);
  });

  it('减签 of a signer added before the task gives the task back; exactly one of two racing removals wins', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const added = await addSigners(acceptance.id, 'clerk.market-regulation', { departments: ['health', 'fire-rescue'], position: 'before', comment: '会商' });
    const [health, fire] = added.body.taskIds as string[];

    // when: two clerks remove the same signer at once
    const [one, two] = await Promise.all([removeSigner(acceptance.id, health, 'clerk.market-regulation'), removeSigner(acceptance.id, health, 'admin')]);

    // then
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect((await api.history(id)).filter((h) => h.type === 'task.signer-removed')).toHaveLength(1);
    expect((await t.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('admin'))).body.state).toBe('signing');

    // when: the other signer is removed too
    expect((await removeSigner(acceptance.id, fire, 'clerk.market-regulation')).status).toBe(200);

    // then: the task is open again in its queue
    expect((await open()).acceptance).toMatchObject({ id: acceptance.id, state: 'open' });
  });

  it('lets exactly one of two racing parallel additions and a completion of the same task win', async () => {
    // given
    const { id, open } = await countersign();
    const [first] = await open('countersign');

    // when
    const [added, completed] = await Promise.all([
      addSigners(first.id, 'clerk.health', { departments: ['fire-rescue'], position: 'parallel', comment: '会签' }),
      api.complete(first.id, 'clerk.health'),
    ]);

    // then: either the signer was added to an open task, or the completion came first and the addition is refused
    expect([added.status, completed.status].sort()).toEqual(added.status === 200 ? [200, 200] : [200, 409]);
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'task.signers-added')).toHaveLength(added.status === 200 ? 1 : 0);
    expect((await open('countersign')).length).toBe(added.status === 200 ? 2 : 1);
  });
});
