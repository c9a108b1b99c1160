import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { startDepartmentCase } from './department-case';

describe('催办: urging a task', () => {
  const clock = new TestClock('2031-03-03T01:30:00.000Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));

  it("records one urge to the department queue, refuses another within the interval with 429 and Retry-After, and allows it after", async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const supervisor = await api.as('supervisor');

    // when
    const first = await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', supervisor).send({ comment: '请尽快受理' });
    clock.advance(10 * 60 * 1000);
    const again = await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', supervisor).send({ comment: '再催' });

    // then
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ taskId: acceptance.id, urgedBy: 'supervisor', toAssignee: null, toDepartment: 'market-regulation', comment: '请尽快受理', urgedAt: '2031-03-03T01:30:00.000Z' });
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({ statusCode: 429, code: 'URGE_TOO_SOON', details: { retryAfterSeconds: 3000 } });
    expect(again.headers['retry-after']).toBe('3000');
    expect((await api.history(id)).filter((h) => h.type === 'task.urged')).toEqual([
      expect.objectContaining({ actor: 'supervisor', elementId: 'acceptance', data: { taskId: acceptance.id, urgeId: first.body.id, to: { assignee: null, department: 'market-regulation' }, comment: '请尽快受理' } }),
    ]);

    // when: the interval has passed
    clock.advance(50 * 60 * 1000);
    const later = await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', supervisor).send({ comment: '再催' });

    // then
    expect(later.status).toBe(201);
  });

  it('refuses a clerk (403), a finished task (409), a missing reminder (400); two concurrent urges make one', async () => {
    // given
    const { id, open } = await startDepartmentCase(api);
    const acceptance = (await open()).acceptance;
    const admin = await api.as('admin');

    // when
    const [a, b] = await Promise.all([
      t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', admin).send({ comment: '甲' }),
      t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', admin).send({ comment: '乙' }),
    ]);

    // then
    expect([a.status, b.status].sort()).toEqual([201, 429]);
    expect((await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', await api.as('clerk.market-regulation')).send({ comment: 'x' })).status).toBe(403);
    expect((await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', admin).send({})).body.code).toBe('VALIDATION_FAILED');
    expect((await api.complete(acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    clock.advance(2 * 3600 * 1000);
    const late = await t.http.post(`/api/v1/tasks/${acceptance.id}/urge`).set('Authorization', admin).send({ comment: 'x' });
    expect(late.status).toBe(409);
    expect((await api.history(id)).filter((h) => h.type === 'task.urged')).toHaveLength(1);
  });
});
