import { randomBytes } from 'node:crypto';
import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { useTestApp } from '../support/use-test-app';

/** The demo applicant 张 (`applicant.zhang` in demo mode) and another citizen. */
const ZHANG = '110101199003071233';
const OTHER = newCitizenId('19880808');

describe('applicants as principals: signed in, or acted for by an integrator', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  let bundleCode: string;
  let zhangCase: string;
  let zhangInstance: string;
  let otherCase: string;

  const forApplicant = (code: string, key = t.apiKey) => ({ 'X-API-Key': key, 'X-On-Behalf-Of': code });

  async function submitFor(code: string, name: string, headers: Record<string, string>) {
    const photo = await b.upload(JPEG, 'photo.jpg');
    const form = {
      'baby.name': `${name[0]}小宝`, 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号',
      'bank.account': '6222020200112233445', 'applicant.name': name, 'applicant.phone': '13700137000',
    };
    await b.registerCertificate({
      type: 'household-register', number: `H${code.slice(-8)}${randomBytes(2).toString('hex')}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code, name }, data: { address: '上海市静安区1号' },
    });
    return t.http.post('/api/v1/applications').set(headers)
      .send({ bundleCode, applicant: { type: 'citizen', code, name }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
  }

  beforeAll(async () => {
    // given: a deployed bundle, one case of 张 and one of another citizen, both submitted by the portal acting for them
    const designer = await api.as('designer');
    bundleCode = `applicants-${randomBytes(3).toString('hex')}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundleCode, name: '婴儿卡证', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${bundleCode}/deploy`).set('Authorization', designer)).status).toBe(201);
    const zhang = await submitFor(ZHANG, '张三', forApplicant(ZHANG));
    expect(zhang.status).toBe(201);
    zhangCase = zhang.body.id;
    zhangInstance = zhang.body.processInstanceId;
    const other = await submitFor(OTHER, '王五', forApplicant(OTHER));
    expect(other.status).toBe(201);
    otherCase = other.body.id;
  });

  it('lets a key acting for an applicant apply only for that applicant', async () => {
    // when
    const forSomeoneElse = await submitFor(OTHER, '王五', forApplicant(ZHANG));

    // then
    expect(forSomeoneElse.status).toBe(403);
    expect(forSomeoneElse.body.details).toEqual({ field: 'applicant.code' });
  });

  it("shows an applicant acted for their own cases only, and audits each request made for them", async () => {
    // when
    const list = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set(forApplicant(ZHANG));
    const own = await t.http.get(`/api/v1/applications/${zhangCase}`).set(forApplicant(ZHANG));
    const others = await t.http.get(`/api/v1/applications/${otherCase}`).set(forApplicant(ZHANG));
    const instances = await t.http.get('/api/v1/process-instances').set(forApplicant(ZHANG));

    // then
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([zhangCase]);
    expect(own.status).toBe(200);
    expect(own.body.applicant.name).toBe('张三');
    expect(others.status).toBe(404);
    expect(JSON.stringify(others.body)).not.toContain('王五');
    expect(instances.status).toBe(403);
    const audit = await t.http.get(`/api/v1/identity-audit?target=${encodeURIComponent(`applicant:${ZHANG}`)}&action=applicant.acted-for`).set('Authorization', await api.as('admin'));
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'apikey:demo-integrator', details: { method: 'GET', path: `/api/v1/applications/${zhangCase}` } })]));
  });

  it('refuses X-On-Behalf-Of from a key without the scope, and a header that is no applicant code', async () => {
    // given
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `noact-${randomBytes(3).toString('hex')}`, integrator: '部门系统', scopes: { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: false } });
    expect(created.status).toBe(201);

    // when
    const unscoped = await t.http.get('/api/v1/applications').set(forApplicant(ZHANG, created.body.key));
    const malformed = await t.http.get('/api/v1/applications').set(forApplicant('zhang; DROP TABLE'));
    const staff = await t.http.get('/api/v1/applications').set('Authorization', await api.as('supervisor')).set('X-On-Behalf-Of', ZHANG);

    // then
    expect(unscoped.status).toBe(403);
    expect(unscoped.body).toMatchObject({ code: 'SCOPE_MISSING', details: { scope: 'actForApplicants' } });
    expect(malformed.status).toBe(400);
    expect(staff.status).toBe(400);
  });

  it('lets a demo applicant sign in and follow their own case, and no other', async () => {
    // given
    const token = await api.as('applicant.zhang');

    // when
    const list = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set('Authorization', token);
    const own = await t.http.get(`/api/v1/applications/${zhangCase}`).set('Authorization', token);
    const others = await t.http.get(`/api/v1/applications/${otherCase}`).set('Authorization', token);
    const lookup = await t.http.get(`/api/v1/applications?applicantCode=${OTHER}`).set('Authorization', token);
    const tasks = await t.http.get('/api/v1/tasks').set('Authorization', token);

    // then
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([zhangCase]);
    expect(own.status).toBe(200);
    expect(others.status).toBe(404);
    expect(lookup.status).toBe(403);
    expect(tasks.status).toBe(403);
  });

  it("shows another integrator neither case, and a clerk only the cases of the department's items", async () => {
    // given
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `other-${randomBytes(3).toString('hex')}`, integrator: '另一个门户', scopes: { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true } });

    // when
    const otherList = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set('X-API-Key', created.body.key);
    const otherOne = await t.http.get(`/api/v1/applications/${zhangCase}`).set('X-API-Key', created.body.key);
    const actingForZhang = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set(forApplicant(ZHANG, created.body.key));
    const insurance = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set('Authorization', await api.as('clerk.medical-insurance'));
    const tax = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set('Authorization', await api.as('clerk.tax'));

    // then
    expect(otherList.body).toMatchObject({ items: [], total: 0 });
    expect(otherOne.status).toBe(404);
    expect(actingForZhang.body.items).toEqual([]);
    expect(insurance.body.total).toBe(2);
    expect(tax.body.total).toBe(0);
  });

  it("refuses a clerk's completion that writes the application's own variables, naming the variable", async () => {
    // given
    const tasks = await api.eventually(() => api.tasks(zhangInstance), (list) => list.some((task) => task.department === 'medical-insurance'));
    const task = tasks.find((x) => x.department === 'medical-insurance')!;
    const clerk = await api.as('clerk.medical-insurance');
    expect((await t.http.post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', clerk)).status).toBe(200);

    // when
    const response = await t.http.post(`/api/v1/tasks/${task.id}/complete`).set('Authorization', clerk)
      .send({ decision: 'approve', variables: { form: { 'applicant.name': '李四' } } });

    // then
    expect(response.status).toBe(403);
    expect(response.body.details).toMatchObject({ field: 'variables.form' });
    const instance = await t.http.get(`/api/v1/process-instances/${zhangInstance}`).set('Authorization', await api.as('supervisor'));
    expect(JSON.stringify(instance.body.variables)).not.toContain('李四');
    expect((await t.http.get(`/api/v1/tasks/${task.id}`).set('Authorization', clerk)).body.state).not.toBe('completed');
  });

  it('shows the certificate register per caller: masked to supervisors, own to applicants, nothing of others to another integrator', async () => {
    // given
    const created = await t.http.post('/api/v1/api-keys').set('Authorization', await api.as('admin'))
      .send({ name: `reg-${randomBytes(3).toString('hex')}`, integrator: '另一个门户', scopes: { processes: ['*'], jobTypes: ['*'], readCaseData: true, actForApplicants: true } });
    const zhang = await api.as('applicant.zhang');

    // when
    const supervisor = await t.http.get(`/api/v1/certificates?holderCode=${ZHANG}`).set('Authorization', await api.as('supervisor'));
    const own = await t.http.get(`/api/v1/certificates?holderCode=${ZHANG}`).set('Authorization', zhang);
    const others = await t.http.get(`/api/v1/certificates?holderCode=${OTHER}`).set('Authorization', zhang);
    const otherIntegrator = await t.http.get(`/api/v1/certificates?holderCode=${ZHANG}`).set('X-API-Key', created.body.key);
    const registrant = await t.http.get(`/api/v1/certificates?holderCode=${ZHANG}`).set('X-API-Key', t.apiKey);

    // then
    expect(supervisor.body.items[0].holder).toMatchObject({ name: '张*', code: '1101**********1233' });
    expect(JSON.stringify(supervisor.body)).not.toContain(ZHANG);
    expect(own.body.items[0].holder).toMatchObject({ name: '张三', code: ZHANG });
    expect(others.body.items).toEqual([]);
    expect(otherIntegrator.body).toMatchObject({ items: [], total: 0 });
    expect(registrant.body.total).toBeGreaterThan(0);
    expect((await t.http.get(`/api/v1/certificates/${own.body.items[0].id}`).set('X-API-Key', created.body.key)).status).toBe(404);
  });

  it('gives an applicant a token response naming them, the public catalogue, and their submission without the process behind it', async () => {
    // given
    const signedIn = await t.http.post('/api/v1/auth/token').send({ username: 'applicant.zhang', password: 'applicant.zhang' });
    const token = `Bearer ${signedIn.body.accessToken}`;

    // when
    const bundles = await t.http.get('/api/v1/bundles').set('Authorization', token);
    const submitted = await submitFor(ZHANG, '张三', { Authorization: token });
    const asIntegrator = await submitFor(ZHANG, '张三', forApplicant(ZHANG));

    // then
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ username: 'applicant.zhang', roles: ['applicant'], applicant: ZHANG });
    expect(bundles.status).toBe(200);
    expect(bundles.body.items.map((b: { code: string }) => b.code)).toContain(bundleCode);
    expect(submitted.status).toBe(201);
    expect(submitted.body.id).toEqual(expect.any(String));
    expect(submitted.body).not.toHaveProperty('processInstanceId');
    expect(asIntegrator.body.processInstanceId).toEqual(expect.any(String));
  });
});
