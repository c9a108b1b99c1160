import { ClockWarningProcessor } from '@tongban/catalog';
import { QueueProducer, TestClock } from '@tongban/runtime';
import { BundleClient } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { notificationsOfCase } from '../support/notifications';
import { inRoot } from '../support/root-scope';
import { ApiClient } from '../support/api-client';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { acceptRestaurant, listedTasks } from './support/clock-cases';

const DAY = 24 * 3600 * 1000;

describe('task clocks and their warnings', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  async function taskOf(instanceId: string, department: string) {
    const tasks = await api.eventually(() => api.tasks(instanceId), (list) => list.some((x) => x.department === department));
    const task = tasks.find((x) => x.department === department)!;
    return (await b.task(task.id, 'supervisor')).body;
  }

  const warnings = async (instanceId: string) =>
    (await api.history(instanceId)).filter((e) => e.type === 'clock.warning').map((e) => `${e.data?.department}:${e.data?.level}`).sort();

  it('gives every task its promised and legal due instants and remaining working days, and lists them', async () => {
    // given a case accepted on Friday 27 November 2026, 10:00 Beijing time
    clock.set('2026-11-27T02:00:00Z');
    const { processInstanceId } = await acceptRestaurant(b);

    // when
    const fire = await taskOf(processInstanceId, 'fire-rescue');
    const market = await taskOf(processInstanceId, 'market-regulation');
    const list = await t.http.get(`/api/v1/tasks?processInstanceId=${processInstanceId}`).set('Authorization', await api.as('clerk.fire-rescue'));

    // then 消防 is due at the end of Friday 4 December (5 working days), legally Friday 11 December (10)
    expect(fire).toMatchObject({ dueAt: '2026-12-04T15:59:59.999Z', legalDueAt: '2026-12-11T15:59:59.999Z', remainingDays: 5, limitUnit: 'working-days', clockStatus: 'normal', clockPaused: false });
    expect(market).toMatchObject({ dueAt: '2026-12-08T15:59:59.999Z', legalDueAt: '2026-12-25T15:59:59.999Z', remainingDays: 7 });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ department: 'fire-rescue', dueAt: '2026-12-04T15:59:59.999Z', remainingDays: 5 })]);
  });

  it('turns yellow, red and overdue across a month end as durable warnings, each once, recorded, notified and moved by a pause', async () => {
    // given a case accepted on Friday 27 November 2026; the city appearance item (5 working days) pauses for a hearing on Monday 30 November
    clock.set('2026-11-27T02:00:00Z');
    const { id, processInstanceId } = await acceptRestaurant(b);
    await taskOf(processInstanceId, 'fire-rescue');
    await advanceClock(t, 3 * DAY); // Monday 30 November, 10:00
    const city = await api.as('clerk.city-appearance');
    const pause = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', city).send({ kind: 'hearing', item: 'SH-LHSR-014', reason: '听证' });
    expect(pause.status).toBe(201);

    // when the clock reaches Thursday 3 December (one working day left for 消防)
    await advanceClock(t, 3 * DAY);

    // then only 消防 is yellow: the paused 招牌 clock holds its warnings
    expect(await warnings(processInstanceId)).toEqual(['fire-rescue:yellow']);
    expect((await taskOf(processInstanceId, 'fire-rescue')).clockStatus).toBe('yellow');

    // when 招牌 resumes on Thursday 3 December (3 paused working days: 1, 2, 3 December) and the clock passes Friday 4 December
    const resumed = await t.http.post(`/api/v1/applications/${id}/clock/pauses/${pause.body.id}/resume`).set('Authorization', city);
    expect(resumed.status).toBe(200);
    await advanceClock(t, 2 * DAY); // Saturday 5 December

    // then 消防 went red on its due day and overdue after it, each once; 招牌, moved to Wednesday 9 December, is still normal
    expect(await warnings(processInstanceId)).toEqual(['fire-rescue:overdue', 'fire-rescue:red', 'fire-rescue:yellow']);
    const signboard = await taskOf(processInstanceId, 'city-appearance');
    expect(signboard).toMatchObject({ dueAt: '2026-12-09T15:59:59.999Z', clockStatus: 'normal' });

    // when the clock passes 9 December
    await advanceClock(t, 5 * DAY); // Thursday 10 December

    // then 招牌 warned too (and 食品经营许可, due Tuesday 8 December), and the fire department's queue was told of each warning
    expect(await warnings(processInstanceId)).toEqual([
      'city-appearance:overdue', 'city-appearance:red', 'city-appearance:yellow', 'fire-rescue:overdue', 'fire-rescue:red', 'fire-rescue:yellow',
      'market-regulation:overdue', 'market-regulation:red', 'market-regulation:yellow',
    ]);
    const history = (await api.history(processInstanceId)).filter((e) => e.type === 'clock.warning' && e.data?.department === 'fire-rescue');
    expect(history.map((e) => [e.data?.level, e.actor, e.data?.dueAt])).toEqual(['yellow', 'red', 'overdue'].map((level) => [level, 'system:clock', '2026-12-04T15:59:59.999Z']));
    const notes = await notificationsOfCase(t, api, id, 'clerk.fire-rescue');
    expect(notes.filter((n) => /^办件.*(预警|超期)/.test(n.title))).toHaveLength(3);
  });

  it('lists a page of tasks of several cases, one of them paused, with the clock each task view shows', async () => {
    // given two cases accepted on Friday 27 November 2026; the city appearance item of the first pauses for a hearing on Monday 30 November
    clock.set('2026-11-27T02:00:00Z');
    const first = await acceptRestaurant(b);
    const second = await acceptRestaurant(b);
    const firstSignboard = await taskOf(first.processInstanceId, 'city-appearance');
    const secondSignboard = await taskOf(second.processInstanceId, 'city-appearance');
    await advanceClock(t, 3 * DAY);
    const city = await api.as('clerk.city-appearance');
    expect((await t.http.post(`/api/v1/applications/${first.id}/clock/pauses`).set('Authorization', city).send({ kind: 'hearing', item: 'SH-LHSR-014', reason: '听证' })).status).toBe(201);

    // when the department lists its newest tasks (its clocks, their cases and pauses read for each page) and views each task
    const listed = await listedTasks(t, city, 'department=city-appearance&order=desc&limit=50', [firstSignboard.id, secondSignboard.id]);
    const views = await Promise.all([firstSignboard.id, secondSignboard.id].map(async (id) => (await t.http.get(`/api/v1/tasks/${id}`).set('Authorization', city)).body));

    // then the paused case's task is paused and the other runs, in the list as in the task views
    const clockOf = (task: Record<string, unknown>) => ({ id: task.id, dueAt: task.dueAt, remainingDays: task.remainingDays, clockStatus: task.clockStatus, clockPaused: task.clockPaused });
    expect(views.map((view) => [view.id, view.clockPaused])).toEqual([[firstSignboard.id, true], [secondSignboard.id, false]]);
    expect(listed.map(clockOf).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(views.map(clockOf).sort((a, b) => String(a.id).localeCompare(String(b.id))));
  });

  it('counts over Spring Festival 2026 with its 调休 Saturdays', async () => {
    // given a case accepted on Thursday 12 February 2026: 13 Feb (Fri) and 14 Feb (a make-up Saturday) work, 15–23 Feb are off
    clock.set('2026-02-12T02:00:00Z');
    const { processInstanceId } = await acceptRestaurant(b);

    // when
    const fire = await taskOf(processInstanceId, 'fire-rescue');

    // then 消防's five working days are 13, 14, 24, 25 and 26 February
    expect(fire).toMatchObject({ dueAt: '2026-02-26T15:59:59.999Z', remainingDays: 5 });

    // when the clock reaches Tuesday 24 February, then Thursday 26 February
    await advanceClock(t, 12 * DAY);
    const before = await warnings(processInstanceId);
    await advanceClock(t, 2 * DAY);

    // then it is not yellow during the holiday (two working days left on 24 February), yellow on the 25th and red on the 26th
    expect(before.filter((w) => w.startsWith('fire-rescue'))).toEqual([]);
    expect((await warnings(processInstanceId)).filter((w) => w.startsWith('fire-rescue'))).toEqual(['fire-rescue:red', 'fire-rescue:yellow']);
  });

  it('re-creates a warning from PostgreSQL when Redis lost its job', async () => {
    // given a case accepted on Friday 27 November 2026 whose warning jobs Redis lost
    clock.set('2026-11-27T02:00:00Z');
    const { processInstanceId } = await acceptRestaurant(b);
    await taskOf(processInstanceId, 'fire-rescue');
    await advanceClock(t, 0);
    const queue = t.app.get(QueueProducer).queue('catalog.clock-warning');
    for (const job of await queue.getJobs(['delayed', 'waiting'])) await job.remove();

    // when the clock passes 消防's yellow day and the sweep runs
    await advanceClock(t, 6 * DAY);
    const lost = await warnings(processInstanceId);
    expect(await inRoot(t.app).get(ClockWarningProcessor).sweep([processInstanceId])).toBeGreaterThan(0);
    await advanceClock(t, 0);

    // then the warning fired once after all
    expect(lost).toEqual([]);
    expect((await warnings(processInstanceId)).filter((w) => w.startsWith('fire-rescue'))).toEqual(['fire-rescue:yellow']);
  });
});

describe('task clock warnings across a restart', () => {
  it('fires a warning scheduled before the app stopped once the restarted app\'s clock passes it, exactly once', async () => {
    // given a case accepted on Friday 27 November 2026 by an app that then stops (its Redis jobs kept)
    const clock = new TestClock('2026-11-27T02:00:00Z');
    const first = await startTestApp({ clock });
    let second: Awaited<ReturnType<typeof startTestApp>> | undefined;
    try {
      const api1 = new ApiClient(first);
      const { processInstanceId: instanceId } = await acceptRestaurant(new BundleClient(first, api1));
      await api1.eventually(() => api1.tasks(instanceId), (list) => list.length === 3);
      await advanceClock(first, 0);
      await first.app.close();

      // when the app starts again on the same queues and its clock passes 消防's yellow and red days
      second = await startTestApp({ clock, queuePrefix: first.queuePrefix });
      const api2 = new ApiClient(second);
      await advanceClock(second, 6 * DAY + 12 * 3600 * 1000); // Thursday 3 December, 22:00 Beijing time
      await advanceClock(second, 3 * 3600 * 1000); // Friday 4 December, 01:00

      // then each fired once
      const fired = (await api2.history(instanceId)).filter((e) => e.type === 'clock.warning' && e.data?.department === 'fire-rescue').map((e) => e.data?.level);
      expect(fired).toEqual(['yellow', 'red']);
    } finally {
      await second?.close();
    }
  });
});
