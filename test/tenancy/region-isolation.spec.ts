import { randomBytes } from 'node:crypto';
import { IdentityService } from '@tongban/identity';
import { ROOT_REGION, TestClock, type RegionScope } from '@tongban/runtime';
import { newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { inScope } from '../support/root-scope';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

/**
 * Two cities of one province run the national open-restaurant bundle side by side. Cases,
 * certificates, attachments, tasks, calendars and audit rows of city B are absent from every list
 * and 404 by id for city A's admin, clerk and integrator (who cannot write them either); the
 * province's supervisor and the nation's admin see both. City A keeps its own variant of a national
 * item and its own local holiday, and its cases count by them; a certificate B registered exempts
 * A's applicant with B recorded as its issuing region; a department code B uses is refused to A in
 * words that do not tell A about B.
 */
describe('regions side by side: isolation, local variants, calendars and national certificates', () => {
  // Monday 2 March 2026, 10:00 in Beijing
  const { t } = useTestApp(() => startTestApp({ clock: new TestClock(new Date('2026-03-02T02:00:00Z')) }));
  const s = randomBytes(3).toString('hex');
  const P = `ip-${s}`, A = `ia-${s}`, B = `ib-${s}`;
  const keys = { A: `iso-a-${s}`, B: `iso-b-${s}` };
  const bDepartment = `ib-fire-${s}`;
  const scopeOf = (home: string): RegionScope => ({ home, regions: [home], inherited: [P, ROOT_REGION] });
  const as = async (username: string) => `Bearer ${await t.token(username)}`;
  const company = { A: newCreditCode(), B: newCreditCode() };
  const b: { application?: string; instance?: string; task?: string; attachment?: string; certificate?: string } = {};
  let aApplication: { id: string; exemptMaterials: Array<{ item: string; certificateId: string; certificateRegion?: string }> };

  const licence = (creditCode: string) => ({
    type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
    holder: { codeType: '001', code: creditCode, name: '小笼包餐饮有限公司' }, data: { companyName: '小笼包餐饮有限公司', creditCode },
  });
  const submitRestaurant = async (key: string, creditCode: string) => {
    const plan = await t.http.post('/api/v1/attachments').set('X-API-Key', key).attach('file', PDF, '平面图.pdf');
    expect(plan.status).toBe(201);
    const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
      .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));
    const response = await t.http.post('/api/v1/applications').set('X-API-Key', key).send({
      bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
      deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
    });
    expect([response.status, response.body.message]).toEqual([201, undefined]);
    return { attachment: plan.body.id as string, application: response.body };
  };
  const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the condition was not reached in 10 s');
  };

  beforeAll(async () => {
    // given a province with two cities, their admins, clerks of the same national department, a supervisor and integrators
    const root = await as('admin');
    for (const [code, parent, level] of [[P, ROOT_REGION, 'province'], [A, P, 'city'], [B, P, 'city']]) {
      expect((await t.http.post('/api/v1/regions').set('Authorization', root).send({ code, name: code, parent, level })).status).toBe(201);
    }
    const people: [string, string, Parameters<IdentityService['ensureUser']>[0]['roles'], string?][] = [
      [P, `isup-p-${s}`, ['supervisor']], [A, `iadmin-a-${s}`, ['admin']], [B, `iadmin-b-${s}`, ['admin']],
      [A, `iclerk-a-${s}`, ['clerk'], 'market-regulation'], [B, `iclerk-b-${s}`, ['clerk'], 'market-regulation'],
    ];
    for (const [region, username, roles, department] of people) {
      await inScope(t.app, { ...scopeOf(region), inherited: region === P ? [ROOT_REGION] : [P, ROOT_REGION] }).get(IdentityService).ensureUser({ username, password: username, roles, department });
    }
    for (const region of ['A', 'B'] as const) {
      await inScope(t.app, scopeOf(region === 'A' ? A : B)).get(IdentityService).ensureApiKey({ name: keys[region], key: keys[region], roles: ['integrator'] });
    }

    // and B's own department, its company's licence in B's register, and a case of B's with its task
    expect((await t.http.post('/api/v1/departments').set('Authorization', await as(`iadmin-b-${s}`)).send({ code: bDepartment, name: 'B 消防救援支队' })).status).toBe(201);
    const registered = await t.http.post('/api/v1/certificates').set('X-API-Key', keys.B).send(licence(company.B));
    expect([registered.status, registered.body]).toEqual([201, expect.anything()]);
    b.certificate = registered.body.id;
    const submitted = await submitRestaurant(keys.B, company.B);
    b.application = submitted.application.id;
    b.instance = submitted.application.processInstanceId;
    b.attachment = submitted.attachment;
    const tasks = await eventually(
      async () => (await t.http.get(`/api/v1/tasks?processInstanceId=${b.instance}`).set('Authorization', await as(`iclerk-b-${s}`))).body.items as Array<{ id: string }>,
      (items) => items.length > 0);
    b.task = tasks[0].id;
  }, 120_000);

  it('gives city A its own variant of a national item without touching the nation\'s, and A\'s cases use it', async () => {
    // given the national item as A inherits it
    const adminA = await as(`iadmin-a-${s}`);
    const inherited = await t.http.get('/api/v1/catalog/items/SH-SCJG-001').set('Authorization', adminA);
    expect([inherited.status, inherited.body.region, inherited.body.promisedDays]).toEqual([200, ROOT_REGION, 7]);
    const { version: _v, updatedAt: _u, updatedBy: _b, region: _r, history: _h, ...body } = inherited.body;

    // when A's admin changes its promised limit to 3 working days
    const changed = await t.http.put('/api/v1/catalog/items/SH-SCJG-001').set('Authorization', adminA).send({ ...body, promisedDays: 3, name: `${body.name}（A 市承诺）` });

    // then A reads its variant, B and the nation the national item, unchanged
    expect(changed.body.message).toBeUndefined();
    expect([changed.status, changed.body.region, changed.body.version, changed.body.promisedDays]).toEqual([200, A, 1, 3]);
    expect((await t.http.get('/api/v1/catalog/items/SH-SCJG-001').set('Authorization', adminA)).body.promisedDays).toBe(3);
    expect((await t.http.get('/api/v1/catalog/items/SH-SCJG-001').set('Authorization', await as(`iadmin-b-${s}`))).body).toMatchObject({ region: ROOT_REGION, promisedDays: 7 });
    const national = await t.http.get('/api/v1/catalog/items/SH-SCJG-001').set('Authorization', await as('admin'));
    expect([national.body.region, national.body.promisedDays, national.body.name]).toEqual([ROOT_REGION, 7, body.name]);
  });

  it('counts a city\'s working days on its own calendar: the national year with the city\'s local holiday', async () => {
    // given A's local holiday on Wednesday 4 March 2026
    const adminA = await as(`iadmin-a-${s}`);
    const put = await t.http.put(`/api/v1/calendars/${A}/years/2026`).set('Authorization', adminA).send({ holidays: ['2026-03-04'], workdays: [] });
    expect(put.status).toBe(200);

    // when five working days are counted from Monday 2 March in A, in B and nationally
    const due = async (region: string) => (await t.http.get(`/api/v1/calendars/${region}/due-date?from=2026-03-02&days=5`).set('Authorization', adminA)).body.dueDate;

    // then A skips its holiday; B, which inherits only the national calendar, does not
    expect([await due(A), await due(B), await due(ROOT_REGION)]).toEqual(['2026-03-10', '2026-03-09', '2026-03-09']);
  });

  it('starts A\'s case on A\'s item variant and calendar, exempting a material by the certificate B\'s register holds, with B recorded as its issuer', async () => {
    // when A's integrator submits the application of the company whose licence only B's register holds
    const submitted = await submitRestaurant(keys.A, company.B);
    aApplication = submitted.application;

    // then the licence exempts A's materials, with B as the issuing region recorded
    const exemptions = aApplication.exemptMaterials.filter((e) => e.certificateId === b.certificate);
    expect(exemptions.length).toBeGreaterThan(0);
    expect(new Set(exemptions.map((e) => e.certificateRegion))).toEqual(new Set([B]));
    // and the case's clock counts A's 3 promised days on A's calendar: 3, (4 off), 5, 6 March
    const clock = await t.http.get(`/api/v1/applications/${aApplication.id}/clock`).set('Authorization', await as(`iadmin-a-${s}`));
    expect(clock.status).toBe(200);
    const item = clock.body.items.find((i: { item: string }) => i.item === 'SH-SCJG-001');
    expect([item.dueDate, item.name]).toEqual(['2026-03-06', expect.stringContaining('A 市承诺')]);
    // while the same item of B's case keeps the national 7 days on the national calendar
    const bClock = await t.http.get(`/api/v1/applications/${b.application}/clock`).set('Authorization', await as(`iadmin-b-${s}`));
    expect(bClock.body.items.find((i: { item: string }) => i.item === 'SH-SCJG-001').dueDate).toBe('2026-03-11');
  });

  it('shows A\'s admin, clerk and integrator nothing of B: applications, certificates, attachments, tasks, calendars, audit (404 by id, absent from lists)', async () => {
    const credentials: Array<[string, [string, string]]> = [
      ['admin', ['Authorization', await as(`iadmin-a-${s}`)]], ['clerk', ['Authorization', await as(`iclerk-a-${s}`)]], ['key', ['X-API-Key', keys.A]],
    ];
    for (const [who, [header, value]] of credentials) {
      const get = (url: string) => t.http.get(url).set(header, value);
      const ids = async (url: string, pick: (x: Record<string, unknown>) => unknown = (x) => x.id) => ((await get(url)).body.items ?? []).map(pick);
      // direct ids: 404 (or 403 where the role may not use the route at all), never the row
      for (const url of [
        `/api/v1/applications/${b.application}`, `/api/v1/applications/${b.application}/ratings`, `/api/v1/tasks/${b.task}`,
        `/api/v1/process-instances/${b.instance}`, `/api/v1/process-instances/${b.instance}/history`,
        `/api/v1/attachments/${b.attachment}`, `/api/v1/attachments/${b.attachment}/content`, `/api/v1/certificates/${b.certificate}`,
        `/api/v1/departments/${bDepartment}`, `/api/v1/calendars/${B}/years/2026`,
      ]) {
        const { status } = await get(url);
        expect([who, url, [403, 404].includes(status)]).toEqual([who, url, true]);
      }
      // lists: B's rows absent
      expect(await ids('/api/v1/applications?limit=200')).not.toContain(b.application);
      expect(await ids(`/api/v1/tasks?processInstanceId=${b.instance}`)).toEqual([]);
      expect(await ids('/api/v1/process-instances?limit=200')).not.toContain(b.instance);
      expect(await ids(`/api/v1/certificates?holderCode=${company.B}`)).not.toContain(b.certificate);
      const calendars = (await get('/api/v1/calendars')).body;
      expect((calendars.items ?? calendars).map((c: { region: string }) => c.region)).not.toContain(B);
    }
    // the audit log of A's admin holds none of B's entries
    const audit = await t.http.get('/api/v1/identity-audit?limit=200').set('Authorization', await as(`iadmin-a-${s}`));
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { target: string }) => e.target)).not.toContain(`department:${bDepartment}`);
  });

  it('lets A write nothing of B: no task completed or claimed, no rating, no calendar, no department change', async () => {
    const adminA = await as(`iadmin-a-${s}`);
    const clerkA = await as(`iclerk-a-${s}`);

    // when A's people try to write B's rows
    const attempts = [
      await t.http.post(`/api/v1/tasks/${b.task}/claim`).set('Authorization', clerkA),
      await t.http.post(`/api/v1/tasks/${b.task}/complete`).set('Authorization', clerkA).send({ variables: { approved: true } }),
      await t.http.post(`/api/v1/applications/${b.application}/ratings`).set('X-API-Key', keys.A).send({ level: 1, comment: 'x' }),
      await t.http.put(`/api/v1/calendars/${B}/years/2026`).set('Authorization', adminA).send({ holidays: ['2026-03-05'], workdays: [] }),
      await t.http.patch(`/api/v1/departments/${bDepartment}`).set('Authorization', adminA).send({ name: 'taken over' }),
    ];

    // then each is refused as if the row did not exist, and B's rows are as they were
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    const adminB = await as(`iadmin-b-${s}`);
    expect((await t.http.get(`/api/v1/tasks/${b.task}`).set('Authorization', adminB)).body.state).toBe('open');
    expect((await t.http.get(`/api/v1/departments/${bDepartment}`).set('Authorization', adminB)).body.name).toBe('B 消防救援支队');
    expect((await t.http.get(`/api/v1/calendars/${B}/years/2026`).set('Authorization', adminB)).status).toBe(404);
  });

  it('refuses A a department code B uses in the very words it refuses A\'s own codes: nothing names B or its department', async () => {
    // given a department of A's own
    const adminA = await as(`iadmin-a-${s}`);
    const own = `ia-own-${s}`;
    expect((await t.http.post('/api/v1/departments').set('Authorization', adminA).send({ code: own, name: 'A 自己的部门' })).status).toBe(201);

    // when A creates a department under B's code, and again under its own
    const foreign = await t.http.post('/api/v1/departments').set('Authorization', adminA).send({ code: bDepartment, name: 'A 消防' });
    const again = await t.http.post('/api/v1/departments').set('Authorization', adminA).send({ code: own, name: 'A 消防' });

    // then both answer the same 409, naming only the code A sent
    expect([foreign.status, again.status]).toEqual([409, 409]);
    const shape = (body: Record<string, unknown>, code: string) => JSON.stringify(body).split(code).join('<code>');
    expect(shape(foreign.body, bDepartment)).toBe(shape(again.body, own));
    expect(JSON.stringify(foreign.body)).not.toContain(B);
    expect(JSON.stringify(foreign.body)).not.toContain('B 消防救援支队');
  });

  it('shows the province\'s supervisor and the nation\'s admin the cases of both cities', async () => {
    for (const user of [`isup-p-${s}`, 'admin']) {
      const credential = await as(user);
      for (const id of [aApplication.id, b.application]) {
        expect([user, id, (await t.http.get(`/api/v1/applications/${id}`).set('Authorization', credential)).status]).toEqual([user, id, 200]);
      }
      const tasks = await t.http.get(`/api/v1/tasks?processInstanceId=${b.instance}`).set('Authorization', credential);
      expect(tasks.body.items.map((task: { id: string }) => task.id)).toContain(b.task);
    }
    const audit = await t.http.get('/api/v1/identity-audit?limit=200&action=department.created').set('Authorization', await as('admin'));
    expect(audit.body.items.map((e: { target: string }) => e.target)).toContain(`department:${bDepartment}`);
  });
});
