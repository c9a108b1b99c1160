import { fixture } from '../support/fixtures';
import { useTestApp } from '../support/use-test-app';

describe('退回 across a join: refused unless the model allows it, then the other branches are cancelled', () => {
  const { t, api } = useTestApp();

  /** A case at `issue` (after the join), its archive branch still open. */
  async function atIssue(allowOn?: 'issue' | 'acceptance') {
    const { key, xml } = fixture('department-join');
    await api.deploy(allowOn ? xml.replace(`id="${allowOn}"`, `id="${allowOn}" tongban:returnAcrossJoin="true"`) : xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const open = async () => Object.fromEntries((await api.tasks(id)).filter((task) => task.state === 'open' || task.state === 'claimed').map((task) => [task.elementId, task]));
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);
    expect((await api.complete((await open()).siteCheck.id, 'clerk.city-appearance')).status).toBe(200);
    return { id, open };
  }
  const returnTo = async (taskId: string, toElementId: string) =>
    t.http.post(`/api/v1/tasks/${taskId}/return`).set('Authorization', await api.as('clerk.fire-rescue')).send({ toElementId, comment: '证照信息与现场核查不符，退回受理重新办理。' });

  it('refuses to return from after the join to before its fork (409 with the reason), changing nothing', async () => {
    // given
    const { id, open } = await atIssue();
    const before = await open();

    // when
    const refused = await returnTo(before.issue.id, 'acceptance');
    const operations = await t.http.get(`/api/v1/tasks/${before.issue.id}/operations`).set('Authorization', await api.as('clerk.fire-rescue'));

    // then
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'RETURN_TARGET_NOT_ALLOWED', details: { reason: expect.stringContaining('tongban:returnAcrossJoin'), allowed: [] } });
    expect(operations.body.find((o: { operation: string }) => o.operation === 'return')).toMatchObject({ allowed: false, targets: [] });
    expect(Object.keys(await open()).sort()).toEqual(['archive', 'issue']);
    expect((await api.history(id)).some((h) => h.type === 'task.returned')).toBe(false);
  });

  it.each(['issue', 'acceptance'] as const)('with tongban:returnAcrossJoin on %s: cancels the other branches, restarts at the target, and the join fires once again', async (allowOn) => {
    // given
    const { id, open } = await atIssue(allowOn);
    const before = await open();

    // when
    const operations = await t.http.get(`/api/v1/tasks/${before.issue.id}/operations`).set('Authorization', await api.as('clerk.fire-rescue'));
    const returned = await returnTo(before.issue.id, 'acceptance');

    // then
    const offered = operations.body.find((o: { operation: string }) => o.operation === 'return').targets.map((target: { elementId: string }) => target.elementId);
    expect(offered).toContain('acceptance');
    expect(returned.status).toBe(200);
    const after = await open();
    expect(Object.keys(after)).toEqual(['acceptance']);
    expect((await t.http.get(`/api/v1/tasks/${before.archive.id}`).set('Authorization', await api.as('admin'))).body.state).toBe('cancelled');
    expect((await api.history(id)).find((h) => h.type === 'task.returned')).toMatchObject({
      actor: 'clerk.fire-rescue', elementId: 'issue', data: { from: 'issue', to: 'acceptance', acrossJoin: true, comment: '证照信息与现场核查不符，退回受理重新办理。' },
    });

    // when: the case runs again
    expect((await api.complete(after.acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);

    // then: the join waits for the site check again (its earlier arrival was dropped)
    expect((await open()).issue).toBeUndefined();
    expect((await api.complete((await open()).siteCheck.id, 'clerk.city-appearance')).status).toBe(200);
    expect((await open()).issue).toBeDefined();
  });

  it('lets exactly one of two racing returns across the join win', async () => {
    // given
    const { id, open } = await atIssue('issue');
    const issue = (await open()).issue;

    // when
    const [one, two] = await Promise.all([returnTo(issue.id, 'acceptance'), returnTo(issue.id, 'review')]);

    // then
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect((await api.history(id)).filter((h) => h.type === 'task.returned')).toHaveLength(1);
  });
});
