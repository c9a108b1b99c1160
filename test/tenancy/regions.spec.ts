import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { regionContext, ROOT_REGION, type RegionScope } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { flow, processXml } from '../runtime/support/bpmn';
import { inScope } from '../support/root-scope';
import { useTestApp } from '../support/use-test-app';

/**
 * Regions side by side: a province P with two cities A and B. B's admin creates a department,
 * deploys a process and its integrator starts a case; A's admin, clerk and integrator see none of
 * it through any route, and not even an unfiltered query run in A's scope; P's supervisor sees both;
 * a city inherits P's process and overrides it with its own version.
 */
describe('regions (tenants) with row-level security', () => {
  const { t } = useTestApp();
  const s = randomBytes(3).toString('hex');
  const P = `tp-${s}`, A = `ta-${s}`, B = `tb-${s}`;
  const keys = { A: `key-a-${s}`, B: `key-b-${s}` };
  const bDepartment = `b-market-${s}`;
  const tokens = new Map<string, string>();
  const as = async (username: string) => `Bearer ${tokens.get(username) ?? (await t.token(username))}`;
  const scopeOf = (home: string, inherited: string[] = [P, ROOT_REGION]): RegionScope => ({ home, regions: [home], inherited });
  let bCase: string;
  let aCase: string;
  let bProcess: string;
  let inherited: string;

  const userTask = (department: string) => (base: string) => processXml(base, `
    <bpmn:startEvent id="start" /><bpmn:userTask id="review" tongban:department="${department}" /><bpmn:endEvent id="end" />
    ${flow('f1', 'start', 'review')}${flow('f2', 'review', 'end')}`);

  beforeAll(async () => {
    // given the province and its two cities, created over REST by the platform admin
    const root = await as('admin');
    for (const [code, parent, level] of [[P, ROOT_REGION, 'province'], [A, P, 'city'], [B, P, 'city']]) {
      const created = await t.http.post('/api/v1/regions').set('Authorization', root).send({ code, name: code, parent, level });
      expect(created.status).toBe(201);
    }
    // and each region's people (password = user name) and integrator keys, written in their region
    const people: [string, string, Parameters<IdentityService['ensureUser']>[0]['roles'], string?][] = [
      [P, `sup-p-${s}`, ['supervisor']], [P, `admin-p-${s}`, ['admin']],
      [A, `admin-a-${s}`, ['admin']], [A, `clerk-a-${s}`, ['clerk'], 'health'],
      [B, `admin-b-${s}`, ['admin']],
    ];
    for (const [region, username, roles, department] of people) {
      await inScope(t.app, scopeOf(region)).get(IdentityService).ensureUser({ username, password: username, roles, department });
    }
    await inScope(t.app, scopeOf(A)).get(IdentityService).ensureApiKey({ name: keys.A, key: keys.A, roles: ['integrator'] });
    await inScope(t.app, scopeOf(B)).get(IdentityService).ensureApiKey({ name: keys.B, key: keys.B, roles: ['integrator'] });

    // when B's admin creates a department and a clerk, deploys a process and B's integrator starts a case
    const adminB = await as(`admin-b-${s}`);
    expect((await t.http.post('/api/v1/departments').set('Authorization', adminB).send({ code: bDepartment, name: 'B 市场监管' })).status).toBe(201);
    const clerk = await t.http.post('/api/v1/users').set('Authorization', adminB).send({ username: `clerk-b-${s}`, roles: ['clerk'], department: bDepartment });
    expect(clerk.status).toBe(201);
    expect(clerk.body.user.region).toBe(B);
    const b = userTask(bDepartment)('tenancy-b');
    bProcess = b.key;
    expect((await t.http.post('/api/v1/deployments').set('Authorization', adminB).send({ resources: [{ name: 'b.bpmn', content: b.xml }] })).status).toBe(201);
    const started = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.B).send({ processKey: b.key });
    expect(started.status).toBe(201);
    bCase = started.body.id;

    // and A runs a case of its own
    const a = userTask('health')('tenancy-a');
    expect((await t.http.post('/api/v1/deployments').set('Authorization', await as(`admin-a-${s}`)).send({ resources: [{ name: 'a.bpmn', content: a.xml }] })).status).toBe(201);
    const startedA = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.A).send({ processKey: a.key });
    expect(startedA.status).toBe(201);
    aCase = startedA.body.id;
  });

  it('shows B its own case, tasks, department and clerk', async () => {
    const adminB = await as(`admin-b-${s}`);
    expect((await t.http.get(`/api/v1/process-instances/${bCase}`).set('Authorization', adminB)).status).toBe(200);
    const tasks = await t.http.get(`/api/v1/tasks?processInstanceId=${bCase}`).set('Authorization', adminB);
    expect(tasks.body.items.map((task: { department: string }) => task.department)).toEqual([bDepartment]);
    expect((await t.http.get(`/api/v1/departments/${bDepartment}`).set('Authorization', adminB)).body.region).toBe(B);
    expect((await t.http.get(`/api/v1/users/clerk-b-${s}`).set('Authorization', adminB)).status).toBe(200);
  });

  it('leaves no trace of B for A\'s admin, clerk and integrator: lists, gets by id (404), tasks, history, definitions, departments, users', async () => {
    for (const [name, credential] of [['admin', ['Authorization', await as(`admin-a-${s}`)]], ['clerk', ['Authorization', await as(`clerk-a-${s}`)]], ['key', ['X-API-Key', keys.A]]] as const) {
      const get = (url: string) => t.http.get(url).set(credential[0], credential[1]);
      expect([name, (await get(`/api/v1/process-instances/${bCase}`)).status]).toEqual([name, 404]);
      expect([name, (await get(`/api/v1/process-instances/${bCase}/history`)).status]).toEqual([name, 404]);
      const list = await get(`/api/v1/process-instances?processKey=${bProcess}`);
      expect([name, list.status, list.body.items]).toEqual([name, 200, []]);
      const tasks = await get(`/api/v1/tasks?processInstanceId=${bCase}`);
      expect([name, tasks.body.items]).toEqual([name, []]);
      const definitions = await get(`/api/v1/process-definitions?key=${bProcess}`);
      expect([name, definitions.body.items]).toEqual([name, []]);
      expect([name, (await get(`/api/v1/departments/${bDepartment}`)).status]).toEqual([name, 404]);
      const departments = await get('/api/v1/departments');
      expect(departments.body.items.map((d: { code: string }) => d.code)).not.toContain(bDepartment);
    }
    const users = await t.http.get('/api/v1/users?limit=200').set('Authorization', await as(`admin-a-${s}`));
    expect(users.body.items.map((u: { username: string }) => u.username)).not.toContain(`clerk-b-${s}`);
    expect((await t.http.get(`/api/v1/users/clerk-b-${s}`).set('Authorization', await as(`admin-a-${s}`))).status).toBe(404);
    const regions = await t.http.get('/api/v1/regions').set('Authorization', await as(`admin-a-${s}`));
    expect(regions.body.items.map((r: { code: string }) => r.code).sort()).toEqual([A, ROOT_REGION, P].sort());
  });

  it('returns only A\'s rows to a deliberately unfiltered SELECT through the application\'s own connection in A\'s scope', async () => {
    // given the application's data source (its connections run as tongban_app)
    const db = t.app.get(DataSource);

    // when
    const rows: { region: string; id: string }[] = await regionContext.run(scopeOf(A), () => db.query(`SELECT region, id FROM process_instance`));
    const tasks: { region: string }[] = await regionContext.run(scopeOf(A), () => db.query(`SELECT region FROM task`));
    const forgotten: { n: number }[] = await regionContext.outside(() => db.query(`SELECT count(*)::int AS n FROM process_instance`));

    // then
    expect(rows.map((r) => r.id)).toContain(aCase);
    expect(new Set(rows.map((r) => r.region))).toEqual(new Set([A]));
    expect(new Set(tasks.map((r) => r.region))).toEqual(new Set([A]));
    expect(forgotten[0].n).toBe(0);
  });

  it('refuses to write a row into another region, even through the application\'s own connection', async () => {
    const db = t.app.get(DataSource);
    await expect(regionContext.run({ home: B, regions: [A], inherited: [] }, () => db.query(`INSERT INTO department (code, name) VALUES ($1, 'x')`, [`smuggled-${s}`])))
      .rejects.toThrow(/row-level security/);
  });

  it('shows the provincial supervisor the cases of both cities', async () => {
    const supervisor = await as(`sup-p-${s}`);
    expect((await t.http.get(`/api/v1/process-instances/${bCase}`).set('Authorization', supervisor)).status).toBe(200);
    expect((await t.http.get(`/api/v1/process-instances/${aCase}`).set('Authorization', supervisor)).status).toBe(200);
  });

  it('lets a city inherit the province\'s process and override it with its own version', async () => {
    // given the province deploys a process
    const shared = userTask('health')('tenancy-shared');
    inherited = shared.key;
    expect((await t.http.post('/api/v1/deployments').set('Authorization', await as(`admin-p-${s}`)).send({ resources: [{ name: 'p.bpmn', content: shared.xml }] })).status).toBe(201);

    // when both cities start it, then A deploys its own version and starts again
    const inA = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.A).send({ processKey: inherited });
    const inB = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.B).send({ processKey: inherited });
    expect((await t.http.post('/api/v1/deployments').set('Authorization', await as(`admin-a-${s}`)).send({ resources: [{ name: 'p.bpmn', content: shared.xml.replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" name="A" />') }] })).status).toBe(201);
    const overridden = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.A).send({ processKey: inherited });
    const stillInherited = await t.http.post('/api/v1/process-instances').set('X-API-Key', keys.B).send({ processKey: inherited });

    // then each city's case is its own, on the province's version until A overrides it
    expect([inA.status, inB.status, overridden.status, stillInherited.status]).toEqual([201, 201, 201, 201]);
    expect([inA.body.definitionVersion ?? inA.body.version, inB.body.definitionVersion ?? inB.body.version]).toEqual([1, 1]);
    expect(overridden.body.definitionVersion ?? overridden.body.version).toBe(2);
    expect(stillInherited.body.definitionVersion ?? stillInherited.body.version).toBe(1);
    expect((await t.http.get(`/api/v1/process-instances/${inA.body.id}`).set('X-API-Key', keys.B)).status).toBe(404);
    expect((await t.http.get(`/api/v1/process-instances/${inB.body.id}`).set('X-API-Key', keys.B)).status).toBe(200);
    // and the province's admin sees both versions (A is below it), B only the province's
    const definitions = await t.http.get(`/api/v1/process-definitions?key=${inherited}`).set('Authorization', await as(`admin-p-${s}`));
    expect(definitions.body.items.map((d: { version: number }) => d.version)).toEqual(expect.arrayContaining([1, 2]));
    const fromB = await t.http.get(`/api/v1/process-definitions?key=${inherited}`).set('X-API-Key', keys.B);
    expect(fromB.body.items.map((d: { version: number }) => d.version)).toEqual([1]);
  });
});
