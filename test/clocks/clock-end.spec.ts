import { TaskClockService } from '@tongban/catalog';
import { TaskLifecycle, TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { BundleClient } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { fixture } from '../support/fixtures';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { acceptRestaurant, RESTAURANT_APPROVALS, supervisedCase } from './support/clock-cases';

const DAY = 24 * 3600 * 1000;

interface ClockRow { task_id: string; department: string | null; ended_at: Date | null }

describe('a task\'s clock ends in the transaction that ends the task', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);
  const db = () => inRoot(t.app).get(DataSource);

  /** The clocks of tasks, with the tasks' own `ended_at`, read straight after the command answered (no sweep ran). */
  async function clocksOf(taskIds: string[]): Promise<Map<string, ClockRow & { task_ended_at: Date | null; scheduled: number }>> {
    const rows = (await db().query(
      `SELECT c.task_id, c.department, c.ended_at, t.ended_at AS task_ended_at,
              (SELECT count(*)::int FROM clock_warning w WHERE w.task_id = c.task_id AND w.state = 'scheduled') AS scheduled
         FROM task_clock c JOIN task t ON t.id = c.task_id WHERE c.task_id = ANY($1::uuid[])`, [taskIds])) as (ClockRow & { task_ended_at: Date | null; scheduled: number })[];
    return new Map(rows.map((row) => [row.task_id, row]));
  }

  /** `department-work` with a limit of 5 working days on every step: step clocks of a process that is no bundle. */
  async function startLimitedCase(): Promise<{ id: string; open: () => Promise<Record<string, { id: string; department: string }>> }> {
    const { xml } = fixture('department-work');
    const limited = xml.replace(/tongban:department="/g, 'tongban:timeLimitDays="5" tongban:department="');
    const deployed = await api.deploy(limited);
    const id = (await api.startWithKey(deployed.processes[0].key)).body.id as string;
    const open = async () => Object.fromEntries((await api.tasks(id)).filter((task) => task.state === 'open' || task.state === 'claimed').map((task) => [task.elementId, task]));
    return { id, open };
  }

  it('ends a completed bundle task\'s clock at its completion, cancels its warnings, and supervision stops listing it before any sweep', async () => {
    // given an open-restaurant case accepted on Friday 27 November 2026, its 消防 task overdue on Saturday 5 December
    clock.set('2026-11-27T02:00:00Z');
    const { id, processInstanceId } = await acceptRestaurant(b);
    const tasks = await b.openTasks(processInstanceId, RESTAURANT_APPROVALS);
    const fire = tasks.Task_SH_XF_003_approve.id;
    const signboard = tasks.Task_SH_LHSR_014_approve.id;
    await advanceClock(t, 8 * DAY);
    expect((await clocksOf([fire])).get(fire)).toMatchObject({ ended_at: null, scheduled: 0 });
    expect(await supervisedCase(t, api, 'status=overdue&department=fire-rescue', id)).toBeDefined();

    // when the fire department approves late and city appearance transfers its task to health
    expect((await t.http.post(`/api/v1/tasks/${fire}/complete`).set('Authorization', await api.as('clerk.fire-rescue')).send({ decision: 'approve' })).status).toBe(200);
    const transferred = await t.http.post(`/api/v1/tasks/${signboard}/transfer`).set('Authorization', await api.as('clerk.city-appearance')).send({ toDepartment: 'health', comment: '属卫生健康部门职责' });
    expect(transferred.status).toBe(200);

    // then the fire clock ended at the completion's own instant, the signboard clock is health's, read before any sweep
    const clocks = await clocksOf([fire, signboard]);
    expect(clocks.get(fire)!.ended_at).toEqual(clocks.get(fire)!.task_ended_at);
    expect(clocks.get(fire)!.ended_at).not.toBeNull();
    expect(clocks.get(signboard)).toMatchObject({ department: 'health', ended_at: null });
    expect(await supervisedCase(t, api, 'department=fire-rescue', id)).toBeUndefined();
    expect(await supervisedCase(t, api, 'department=city-appearance', id)).toBeUndefined();
    expect(await supervisedCase(t, api, 'status=overdue&department=health', id)).toMatchObject({ taskIds: [signboard] });
    // and the sweep, the safety net, finds nothing left to end
    expect(await inRoot(t.app).get(TaskClockService).reconcileEnded([fire, signboard])).toBe(0);
  });

  it('ends the clock of a task that is withdrawn, returned or cancelled with its instance, and of a completed step, in the command\'s transaction', async () => {
    // given a case of a plain process whose steps each have 5 working days, acceptance open
    clock.set('2026-11-27T02:00:00Z');
    const { id, open } = await startLimitedCase();
    const acceptance = (await open()).acceptance.id;
    expect((await clocksOf([acceptance])).get(acceptance)).toMatchObject({ ended_at: null, scheduled: 3 });
    const warnings = (await db().query(`SELECT id, generation FROM clock_warning WHERE task_id = $1`, [acceptance])) as { id: string; generation: number }[];

    // when acceptance and review are completed, then review withdrawn while decide is untouched
    expect((await api.complete(acceptance, 'clerk.market-regulation')).status).toBe(200);
    const review = (await open()).review.id;
    expect((await api.complete(review, 'clerk.health')).status).toBe(200);
    const decide = (await open()).decide.id;
    expect((await t.http.post(`/api/v1/tasks/${review}/withdraw`).set('Authorization', await api.as('clerk.health')).send({ comment: '撤回' })).status).toBe(200);

    // then the completed steps' clocks and the cancelled decide's ended with their tasks, warnings cancelled
    let clocks = await clocksOf([acceptance, review, decide]);
    for (const taskId of [acceptance, review, decide]) {
      expect(clocks.get(taskId)!.ended_at).not.toBeNull();
      expect(clocks.get(taskId)).toMatchObject({ ended_at: clocks.get(taskId)!.task_ended_at, scheduled: 0 });
    }

    // and the queued jobs of acceptance's warnings do nothing when they arrive
    for (const warning of warnings) expect(await inRoot(t.app).get(TaskClockService).fire(warning.id, warning.generation)).toBe('stale');

    // when the review given back is completed and decide returns the case to it
    const again = (await open()).review.id;
    expect((await api.complete(again, 'clerk.health')).status).toBe(200);
    const decideAgain = (await open()).decide.id;
    const returned = await t.http.post(`/api/v1/tasks/${decideAgain}/return`).set('Authorization', await api.as('clerk.fire-rescue')).send({ toElementId: 'review', comment: '退回' });
    expect(returned.status).toBe(200);

    // then the returned task's clock ended with it
    clocks = await clocksOf([decideAgain]);
    expect(clocks.get(decideAgain)).toMatchObject({ ended_at: clocks.get(decideAgain)!.task_ended_at, scheduled: 0 });
    expect(clocks.get(decideAgain)!.ended_at).not.toBeNull();

    // when the instance is cancelled
    const running = Object.values(await open()).map((task) => task.id);
    expect(running.length).toBeGreaterThan(0);
    expect((await t.http.post(`/api/v1/process-instances/${id}/cancel`).set('X-API-Key', t.apiKey)).status).toBeLessThan(300);

    // then every clock it still had ended in the cancel's transaction, and the sweep finds none to end
    clocks = await clocksOf(running);
    expect(clocks.size).toBe(running.length);
    for (const taskId of running) expect(clocks.get(taskId)).toMatchObject({ ended_at: clocks.get(taskId)!.task_ended_at, scheduled: 0 });
    expect(await inRoot(t.app).get(TaskClockService).reconcileEnded([acceptance, review, decide, again, decideAgain, ...running])).toBe(0);
  });

  it('leaves the clock running when the transaction that ended its task rolls back', async () => {
    // given a running step clock
    clock.set('2026-11-27T02:00:00Z');
    const { id, open } = await startLimitedCase();
    const acceptance = (await open()).acceptance;
    const [definition] = (await db().query(`SELECT definition_id, process_key FROM process_instance WHERE id = $1`, [id])) as { definition_id: string; process_key: string }[];

    // when a transaction tells the task lifecycle listeners the task ended, then fails
    const ending = db().transaction(async (manager) => {
      await inRoot(t.app).get(TaskLifecycle).ended(manager, [{
        id: acceptance.id, instanceId: id, processKey: definition.process_key, definitionId: definition.definition_id, elementId: 'acceptance', endedAt: clock.now(),
      }]);
      expect((await manager.query(`SELECT ended_at FROM task_clock WHERE task_id = $1`, [acceptance.id]))[0].ended_at).not.toBeNull();
      throw new Error('the command failed after its effects');
    });
    await expect(ending).rejects.toThrow('the command failed after its effects');

    // then the clock still runs and its warnings are still scheduled
    expect((await clocksOf([acceptance.id])).get(acceptance.id)).toMatchObject({ ended_at: null, scheduled: 3 });
  });
});
