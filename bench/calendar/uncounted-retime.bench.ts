/**
 * What entering a calendar year costs with many cases stored (figures printed, not asserted): the SQL
 * statements the api sends for one `PUT /api/v1/calendars/:region/years/:year`, counted in-process
 * (node-postgres `Client.query` calls), and the rows PostgreSQL reads to find the cases that left a count
 * out, from `EXPLAIN (ANALYZE, BUFFERS)` of the selecting statement: the rows each scan produced plus
 * those its filter removed, summed over the plan, and the shared buffers touched. Counts, so they do not
 * move with the load of the shared machine.
 *
 * The api runs in-process on a test clock against `DATABASE_URL` / `REDIS_URL`. In a city of its own,
 * `BENCH_APPLICATIONS` (default 300) open-restaurant cases are accepted on Monday 1 June 2026 (every
 * count inside 2026) and copied `BENCH_CLONES` (default 9) times in SQL with their warning rows and `BENCH_UNCOUNTED` (default 5) on Thursday 24 December 2026, whose 食品 clock (7 working days) reaches
 * 2027 — with `BENCH_DEFER_LATE=1` deferring the food-safety rules too, a deadline that reaches 2027; then the city's 2027 is entered
 * (test data: New Year's Day off). The selection is explained as it was before cases were marked (every
 * case, each with a count of its warning rows) and as it is (the partial index of the marked cases).
 *
 * Run: `npx tsc -p tsconfig.build.json && node -r ./scripts/register-paths.js dist/bench/calendar/uncounted-retime.bench.js`
 */
import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { ROOT_REGION, TestClock, type RegionScope } from '@tongban/runtime';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { newCreditCode, PDF, restaurantForm } from '../../test/bundles/bundle-fixtures';
import { inRoot, inScope } from '../../test/support/root-scope';
import { startTestApp } from '../../test/support/test-app';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS || 300);
const UNCOUNTED = Number(process.env.BENCH_UNCOUNTED || 5);
/** How many copies of each case of 1 June are added in SQL (with their warning rows), for a table of thousands without accepting each. */
const CLONES = Number(process.env.BENCH_CLONES ?? 9);
/** Whether the cases of 24 December defer the food-safety rules too (\`BENCH_DEFER_LATE=1\`); by default they hand everything in, their 食品 clock alone left out. */
const BENCH_DEFER_LATE = process.env.BENCH_DEFER_LATE === '1';

/** The selection before cases were marked: every case, with a count of its warning rows. */
const EVERY_CASE = `SELECT a.id FROM application a
  WHERE ($1::uuid IS NULL OR a.id > $1::uuid)
    AND (SELECT count(*) FROM case_clock_warning w WHERE w.application_id = a.id) < 3 * (jsonb_array_length(a.item_definitions) + 1)
  ORDER BY a.id LIMIT $2`;
/** The selection now: the marked cases, on their partial index. */
const MARKED_CASES = `SELECT id FROM application WHERE uncounted_since IS NOT NULL AND ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`;

interface PlanNode { 'Node Type': string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; 'Shared Hit Blocks': number; 'Shared Read Blocks': number; Plans?: PlanNode[] }

/** Rows the scans of a plan produced and filtered out (per loop × loops), summed. */
function rowsRead(node: PlanNode): number {
  const own = node['Node Type'].includes('Scan') ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops'] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

async function explain(db: DataSource, sql: string): Promise<{ rows: number; buffers: number; returned: number }> {
  const [{ 'QUERY PLAN': [plan] }] = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, [null, 200]);
  const root = plan.Plan as PlanNode;
  if (process.env.BENCH_SHOW_PLANS === '1') console.log(JSON.stringify(root, null, 1));
  return { rows: rowsRead(root), buffers: root['Shared Hit Blocks'] + root['Shared Read Blocks'], returned: root['Actual Rows'] };
}

async function main(): Promise<void> {
  const clock = new TestClock('2026-06-01T02:00:00Z');
  const t = await startTestApp({ clock });
  try {
    const s = randomBytes(3).toString('hex');
    const city = `bench-cal-${s}`;
    const key = `bench-cal-key-${s}`;
    const admin = `bench-cal-admin-${s}`;
    const scope: RegionScope = { home: city, regions: [city], inherited: [ROOT_REGION] };
    const root = `Bearer ${await t.token('admin')}`;
    await t.http.post('/api/v1/regions').set('Authorization', root).send({ code: city, name: city, parent: ROOT_REGION, level: 'city' }).expect(201);
    await inScope(t.app, scope).get(IdentityService).ensureUser({ username: admin, password: admin, roles: ['admin'] });
    await inScope(t.app, scope).get(IdentityService).ensureApiKey({ name: key, key, roles: ['integrator'] });

    const creditCode = newCreditCode();
    await t.http.post('/api/v1/certificates').set('X-API-Key', key).send({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
    }).expect(201);
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key).attach('file', PDF, '平面图.pdf').expect(201);
    const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
      .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));
    const submit = (deferred: boolean) => t.http.post('/api/v1/applications').set('X-API-Key', key).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode),
      materials: deferred ? materials : [...materials, { item: 'SH-SCJG-001', name: '食品安全管理制度', attachmentId: plan.body.id }],
      ...(deferred && { deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }] }),
    });
    for (let i = 0; i < APPLICATIONS; i++) {
      const response = await submit(true);
      if (response.status !== 201) throw new Error(`case ${i} of 1 June: ${response.status} ${JSON.stringify(response.body)}`);
    }
    // more cases like them, copied in SQL (each with its warning rows, cancelled: nothing of theirs is delivered)
    if (CLONES > 0) {
      await inRoot(t.app).get(DataSource).query(
        `WITH source AS (SELECT a.*, gen_random_uuid() AS clone_id, gen_random_uuid() AS clone_instance FROM application a, generate_series(1, $2::int) WHERE a.region = $1),
              cases AS (INSERT INTO application (id, bundle_code, bundle_version, process_instance_id, applicant_type, applicant_code, applicant_name, form, resolution, created_by, created_at, item_definitions, owner, region)
                        SELECT clone_id, bundle_code, bundle_version, clone_instance, applicant_type, applicant_code, applicant_name, form, resolution, created_by, created_at, item_definitions, owner, region FROM source)
         INSERT INTO case_clock_warning (id, application_id, item, level, due_at, state, generation, region)
         SELECT gen_random_uuid(), s.clone_id, w.item, w.level, w.due_at, 'cancelled', w.generation, w.region FROM source s JOIN case_clock_warning w ON w.application_id = s.id`,
        [city, CLONES],
      );
    }
    clock.set('2026-12-24T02:00:00Z');
    let refused = 0;
    for (let i = 0; i < UNCOUNTED; i++) if ((await submit(BENCH_DEFER_LATE)).status !== 201) refused++;

    const db = inRoot(t.app).get(DataSource);
    const [{ n: stored }] = await db.query(`SELECT count(*)::int AS n FROM application`);
    const marked = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'application' AND column_name = 'uncounted_since'`);
    await db.query(`ANALYZE application`); // the planner sees the table as it is, as it would in production
    const every = await explain(db, EVERY_CASE);
    const only = marked.length > 0 ? await explain(db, MARKED_CASES) : undefined;

    // the PUT, its statements counted in this process
    let statements = 0;
    const query = Client.prototype.query;
    Client.prototype.query = function counted(this: Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const started = process.cpuUsage();
    const put = await t.http.put(`/api/v1/calendars/${city}/years/2027`).set('Authorization', `Bearer ${await t.token(admin)}`).send({ holidays: ['2027-01-01'], workdays: [] });
    const cpu = process.cpuUsage(started);
    Client.prototype.query = query;

    console.log(`cases stored ${stored} (${APPLICATIONS} of 1 June added and ${APPLICATIONS * CLONES} copies of them, ${UNCOUNTED} of 24 December: ${UNCOUNTED - refused} accepted, ${refused} refused)`);
    console.log(`PUT /calendars/${city}/years/2027: ${put.status}, ${statements} statements, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU of the process`);
    console.log(`selection, every case:  ${every.rows} rows read, ${every.buffers} shared buffers, ${every.returned} cases returned`);
    if (only) console.log(`selection, marked cases: ${only.rows} rows read, ${only.buffers} shared buffers, ${only.returned} cases returned`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
