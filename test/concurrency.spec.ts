import { fixture } from './support/fixtures';
import { useTestApp } from './support/use-test-app';

describe('concurrent commands on one instance', () => {
  const { t, api } = useTestApp();

  it('lets exactly one of ten concurrent completions of one task win', async () => {
    // given
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const food = (await api.tasks(id)).find((task) => task.elementId === 'foodLicence')!;
    const clerk = await api.as('clerk.market-regulation');

    // when
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.http.post(`/api/v1/tasks/${food.id}/complete`).set('Authorization', clerk).send({ variables: { attempt: i } })),
    );

    // then
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({ statusCode: 409, code: expect.stringMatching(/^(CONFLICT|TASK_NOT_ACTIVE)$/) });
    }
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'task.completed')).toHaveLength(1);
    expect(history.filter((h) => h.type === 'element.left' && h.elementId === 'foodLicence')).toHaveLength(1);
    const winner = responses.findIndex((r) => r.status === 200);
    expect((await api.instance(id)).variables.attempt).toBe(winner);
  });

  it('applies completions of parallel tasks that race on the same instance, and joins once', async () => {
    // given
    const { key, xml } = fixture('three-department-approval');
    await api.deploy(xml);
    const id = (await api.startWithKey(key)).body.id as string;
    const tasks = await api.tasks(id);
    const clerkOf = (department: string) => `clerk.${department}`;

    // when: the three departments complete at the same moment
    const responses = await Promise.all(tasks.map((task) => api.complete(task.id, clerkOf(task.department))));

    // then
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const done = await api.instance(id);
    expect(done.state).toBe('completed');
    const history = await api.history(id);
    expect(history.filter((h) => h.type === 'element.left' && h.elementId === 'allApproved')).toHaveLength(1);
    expect(history.filter((h) => h.type === 'instance.ended')).toHaveLength(1);
  });
});
