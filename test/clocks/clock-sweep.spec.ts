import { ClockWarningProcessor } from '@tongban/catalog';
import { DataSource } from 'typeorm';
import { TaskClockService } from '../../libs/catalog/src/nest/task-clock.service';
import { taskClocks } from '../../libs/catalog/src/persistence/task-clock.repository';
import { TestClock } from '@tongban/runtime';
import { BundleClient } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { uniqueInstant } from '../support/unique-instant';
import { acceptRestaurant, RESTAURANT_APPROVALS, supervisedCase } from './support/clock-cases';

const DAY = 24 * 3600 * 1000;
/** An instant of Friday 27 November 2026 no other run accepts a case at, and the period of that millisecond. */
const { instant: ACCEPTED, period: PERIOD } = uniqueInstant('2026-11-27T01:00:00.000Z');

describe('the clock sweep brings task clocks up to date with their tasks', () => {
  const clock = new TestClock(ACCEPTED);
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  it('ends the overdue clock of a finished task and moves a transferred task\'s clock to its new department, for supervision and its figures', async () => {
    // given an open-restaurant case accepted on Friday 27 November 2026 whose 消防 and 招牌 clocks are overdue on Saturday 5 December
    const { id, processInstanceId } = await acceptRestaurant(b);
    const tasks = await b.openTasks(processInstanceId, RESTAURANT_APPROVALS);
    await advanceClock(t, 8 * DAY);
    expect(await supervisedCase(t, api, 'status=overdue&department=fire-rescue', id)).toBeDefined();
    expect(await supervisedCase(t, api, 'status=overdue&department=city-appearance', id)).toBeDefined();

    // when the fire department approves late, city appearance transfers its task to health, and the worker's clock sweep runs
    expect((await t.http.post(`/api/v1/tasks/${tasks.Task_SH_XF_003_approve.id}/complete`).set('Authorization', await api.as('clerk.fire-rescue')).send({ decision: 'approve' })).status).toBe(200);
    const transferred = await t.http.post(`/api/v1/tasks/${tasks.Task_SH_LHSR_014_approve.id}/transfer`).set('Authorization', await api.as('clerk.city-appearance'))
      .send({ toDepartment: 'health', comment: '属卫生健康部门职责' });
    expect(transferred.status).toBe(200);
    await inRoot(t.app).get(ClockWarningProcessor).sweepAndReconcile();

    // then supervision lists the case for health's overdue task only, no longer for the finished fire task nor under city appearance
    expect(await supervisedCase(t, api, 'department=fire-rescue', id)).toBeUndefined();
    expect(await supervisedCase(t, api, 'department=city-appearance', id)).toBeUndefined();
    expect(await supervisedCase(t, api, 'status=overdue&department=health', id)).toMatchObject({ departments: ['health'], taskIds: [tasks.Task_SH_LHSR_014_approve.id] });
    const whole = await supervisedCase(t, api, 'status=overdue', id);
    expect(whole?.taskIds).not.toContain(tasks.Task_SH_XF_003_approve.id);

    // and the figures of its period count the fire task finished late, the transferred one running overdue for health
    const stats = await t.http.get(`/api/v1/supervision/stats?groupBy=department&${PERIOD}`).set('Authorization', await api.as('supervisor'));
    expect(stats.status).toBe(200);
    const group = (key: string) => (stats.body.groups as { key: string }[]).find((g) => g.key === key);
    expect(group('fire-rescue')).toMatchObject({ tasks: 1, finished: 1, finishedOnTime: 0, running: 0 });
    expect(group('health')).toMatchObject({ tasks: 1, finished: 0, running: 1, overdue: 1 });
    expect(group('city-appearance')).toBeUndefined();
  });
  it('looks at a bounded number of running clocks a round, going on where the last round stopped, and comes round to every one', async () => {
    // given a case whose approved task's clock was left running (a task that ended without telling its clock)
    const tasks = await b.openTasks((await acceptRestaurant(b)).processInstanceId, RESTAURANT_APPROVALS);
    const taskId = tasks.Task_SH_XF_003_approve.id;
    expect((await t.http.post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', await api.as('clerk.fire-rescue')).send({ decision: 'approve' })).status).toBe(200);
    const db = inRoot(t.app).get(DataSource);
    await db.query(`UPDATE task_clock SET ended_at = NULL WHERE task_id = $1`, [taskId]);
    const [{ running }] = await db.query(`SELECT count(*)::int AS running FROM task_clock WHERE ended_at IS NULL`);

    // when rounds of one batch of a third of the running clocks run, one after another
    expect(running).toBeGreaterThanOrEqual(3);
    const batch = Math.floor(running / 3);
    const clocks = inRoot(t.app).get(TaskClockService);
    const read = jest.spyOn(taskClocks, 'runningBatch');
    let rounds = 0;
    try {
      const bound = Math.ceil(running / batch) * 2 + 1; // a pass begun elsewhere, then a whole one
      while (rounds < bound && (await db.query(`SELECT ended_at FROM task_clock WHERE task_id = $1`, [taskId]))[0].ended_at === null) {
        await clocks.reconcileRunning(batch, 1);
        rounds++;
      }
      // then each round read one batch, and the left-running clock ended within two passes
      expect(read).toHaveBeenCalledTimes(rounds);
      for (const call of read.mock.calls) expect(call[2]).toBe(batch);
      expect(rounds).toBeLessThanOrEqual(bound);
      expect((await db.query(`SELECT ended_at FROM task_clock WHERE task_id = $1`, [taskId]))[0].ended_at).not.toBeNull();
    } finally {
      read.mockRestore();
    }
  });
});
