import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { regionContext, ROOT_REGION, TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { BundleClient } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { acceptRestaurant } from './support/clock-cases';

const DAY = 24 * 3600 * 1000;

describe('the reads of a task view and an inbox page (flat as stored cases grow)', () => {
  const clock = new TestClock('2026-11-27T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);

  /** The statements PostgreSQL is sent while `request` runs (whitespace folded). */
  async function statementsOf(request: () => Promise<{ status: number }>): Promise<string[]> {
    const sent: string[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, sql: string, ...rest: unknown[]) {
      sent.push(sql.replace(/\s+/g, ' ').trim());
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
    } as never);
    try {
      expect((await request()).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    return sent;
  }

  it("reads the task with its instance's definition in one statement, and its clock with the case and the case's pauses in one", async () => {
    // given an open-restaurant case whose city appearance item (招牌) is paused for a hearing since Monday 30 November
    clock.set('2026-11-27T02:00:00Z');
    const { id, processInstanceId } = await acceptRestaurant(b);
    const tasks = await api.eventually(() => api.tasks(processInstanceId), (list) => list.some((x) => x.department === 'city-appearance'));
    const task = tasks.find((x) => x.department === 'city-appearance')!;
    await advanceClock(t, 3 * DAY);
    const clerk = await api.as('clerk.city-appearance');
    const pause = await t.http.post(`/api/v1/applications/${id}/clock/pauses`).set('Authorization', clerk).send({ kind: 'hearing', item: 'SH-LHSR-014', reason: '听证' });
    expect(pause.status).toBe(201);

    // when the clerk opens the task, and the department's inbox page
    let view: { body: Record<string, unknown>; status: number } | undefined;
    const viewStatements = await statementsOf(async () => (view = await t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', clerk)));
    let page: { body: { items: Record<string, unknown>[] }; status: number } | undefined;
    const pageStatements = await statementsOf(async () => (page = await t.http.get(`/api/v1/tasks?processInstanceId=${processInstanceId}`).set('Authorization', clerk)));

    // then the view reads no instance of its own and the clock, its case and its pauses in one statement
    expect(viewStatements.filter((sql) => /^SELECT definition_id FROM process_instance/.test(sql))).toEqual([]);
    expect(viewStatements.filter((sql) => /FROM task WHERE id = \$1/.test(sql))).toEqual([expect.stringMatching(/SELECT p\.definition_id FROM process_instance p/)]);
    for (const statements of [viewStatements, pageStatements]) {
      expect(statements.filter((sql) => /FROM task_clock/.test(sql))).toEqual([expect.stringMatching(/LEFT JOIN application a .* LEFT JOIN case_clock_pause p/)]);
      expect(statements.filter((sql) => /FROM case_clock_pause WHERE/.test(sql) || /^SELECT id, item_definitions, created_at, region FROM application/.test(sql))).toEqual([]);
    }
    // and both show the paused clock of 招牌 (5 working days from Friday 27 November, 10:00, stopped on Monday 30 November)
    expect(view!.body).toMatchObject({ clockPaused: true, limitUnit: 'working-days', step: expect.objectContaining({ item: 'SH-LHSR-014' }) });
    const listed = page!.body.items.find((item) => item.id === task.id)!;
    for (const key of ['dueAt', 'legalDueAt', 'remainingDays', 'clockStatus', 'clockPaused', 'limitUnit']) expect(listed[key]).toEqual(view!.body[key]);
  });

  it("checks a row's region against the transaction's regions read once per statement, not once per row", async () => {
    // given the application's own connection (tongban_app, under row-level security) in one region's scope
    const db = t.app.get(DataSource);
    const scope = { home: ROOT_REGION, regions: [ROOT_REGION], inherited: [] };

    // when it plans the inbox's bounded count of a department's open tasks
    const plan: { 'QUERY PLAN': string }[] = await regionContext.run(scope, () => db.query(
      `EXPLAIN (COSTS OFF) SELECT count(*)::int AS n FROM (SELECT 1 FROM task WHERE region = current_setting('tongban.region') AND department = $1 AND state = 'open' LIMIT 10001) bounded`,
      ['market-regulation']));

    // then the policy's settings are InitPlans, and what is checked per row names no setting
    const lines = plan.map((row) => row['QUERY PLAN']);
    expect(lines.filter((line) => /InitPlan/.test(line))).toHaveLength(2);
    const filters = lines.filter((line) => /Filter:/.test(line));
    expect(filters).toEqual([expect.stringMatching(/region = ANY \(\$\d+\)/)]);
    expect(filters[0]).not.toMatch(/tongban\.regions|string_to_array/);
  });
});
