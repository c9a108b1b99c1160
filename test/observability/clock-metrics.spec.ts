import { ClockWarningProcessor } from '@tongban/catalog';
import { OpsServer, TestClock } from '@tongban/runtime';
import request from 'supertest';
import { BundleClient, newCreditCode } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { inRoot } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const DAY = 24 * 3600 * 1000;

/** The value of one sample of the exposition text (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('open tasks by warning colour in /metrics', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(async () => {
    process.env.TONGBAN_METRICS_PORT = '0';
    try {
      return await startTestApp({ clock });
    } finally {
      delete process.env.TONGBAN_METRICS_PORT;
    }
  });
  const b = new BundleClient(t, api);
  const scrape = async () => (await request(`http://127.0.0.1:${t.app.get(OpsServer).port}`).get('/metrics')).text;
  const fire = (text: string, status: string) => sample(text, 'tongban_tasks_open_by_clock_status', { department: 'fire-rescue', status });

  it('counts a department\'s open tasks by the colour of their clocks, and drops a task once it is done', async () => {
    // given an open-restaurant case accepted on Friday 27 November 2026 (消防: 5 working days, due Friday 4 December)
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const { response } = await b.submitRestaurant(creditCode);
    expect(response.status).toBe(201);
    const instanceId = response.body.processInstanceId as string;
    const tasks = await api.eventually(() => api.tasks(instanceId), (list) => list.length === 3);
    const fireTask = tasks.find((x) => x.department === 'fire-rescue')!;
    const accepted = await scrape();
    expect(accepted).toContain('# TYPE tongban_tasks_open_by_clock_status gauge');
    expect(fire(accepted, 'normal')).toBeGreaterThanOrEqual(1);

    // when the clock reaches Thursday 3 December, one working day before 消防 is due
    await advanceClock(t, 6 * DAY);
    const yellow = await scrape();

    // then the task counts as yellow
    expect(fire(yellow, 'yellow')).toBeGreaterThanOrEqual(1);
    expect((await b.task(fireTask.id as string, 'supervisor')).body.clockStatus).toBe('yellow');

    // when the fire department approves, and the worker's clock sweep runs
    expect((await api.complete(fireTask.id as string, 'clerk.fire-rescue', { approved: true })).status).toBe(200);
    await inRoot(t.app).get(ClockWarningProcessor).sweepAndReconcile();
    const done = await scrape();

    // then it is no longer counted
    expect(fire(done, 'yellow')).toBe(fire(yellow, 'yellow') - 1);
  });
});
