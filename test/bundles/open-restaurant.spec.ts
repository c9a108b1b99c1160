import { CertificateIssueProcessor } from '@tongban/catalog';
import { DataSource } from 'typeorm';
import { TestClock } from '@tongban/runtime';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF, restaurantForm } from './bundle-fixtures';
import { inRoot } from '../support/root-scope';

const ITEMS = ['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003'];
const APPROVALS = ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve'];

describe('open-restaurant (我要开餐馆) end to end through the API', () => {
  const { t, api } = useTestApp(() => startTestApp({ clock: new TestClock('2026-06-01T02:00:00Z') }));
  const b = new BundleClient(t, api);
  let db: DataSource;

  beforeAll(async () => {
    db = inRoot(t.app).get(DataSource);
  });

  it('is created and deployed at start with savings of fields 23 → 12 and days 17 → 7', async () => {
    const bundle = await t.http.get('/api/v1/bundles/open-restaurant').set('X-API-Key', t.apiKey);
    expect(bundle.status).toBe(200);
    expect(bundle.body).toMatchObject({ code: 'open-restaurant', items: ITEMS, processKey: 'bundle-open-restaurant', deployed: { version: expect.any(Number) } });
    expect(bundle.body.form.fields).toHaveLength(12);
    expect(bundle.body.bpmnXml).toContain('id="bundle-open-restaurant"');
    const savings = await t.http.get('/api/v1/bundles/open-restaurant/savings').set('X-API-Key', t.apiKey);
    expect(savings.body).toMatchObject({
      fieldsSeparately: 23, fieldsOnce: 12, materialsSeparately: 10, materialsToSubmit: 6, departments: 3, visitsSeparately: 3, visitsBundle: 1, daysSeparately: 17, daysBundle: 7,
    });
  });

  it('answers missing key materials with one notice listing all of them, and creates nothing', async () => {
    // given: a company holding a business licence e-certificate, applying without any upload
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);

    // when
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials: [] });

    // then: 422 with ONE notice naming every missing key material of every item
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('APPLICATION_INCOMPLETE');
    const notice = response.body.details.notice;
    expect(notice.complete).toBe(false);
    expect(notice.missing.map((m: { item: string; name: string }) => `${m.item}:${m.name}`).sort()).toEqual([
      'SH-LHSR-014:招牌设计效果图', 'SH-SCJG-001:法定代表人身份证明', 'SH-SCJG-001:经营场所平面布局图', 'SH-XF-003:场所平面图', 'SH-XF-003:消防安全制度',
    ]);
    expect(notice.message.zh).toContain('一次性告知');
    expect(response.body.message).toContain('5');
    const [{ n: apps }] = await db.query(`SELECT count(*)::int AS n FROM application WHERE applicant_code = $1`, [creditCode]);
    const [{ n: instances }] = await db.query(`SELECT count(*)::int AS n FROM process_instance WHERE engine_state::text LIKE $1`, [`%${creditCode}%`]);
    expect([apps, instances]).toEqual([0, 0]);
    expect((await t.http.get(`/api/v1/applications?applicantCode=${creditCode}`).set('X-API-Key', t.apiKey)).body.total).toBe(0);
  });

  it('lists every invalid field and every missing key material in one 422, and creates nothing', async () => {
    // given: a company with no certificate on file, a form with wrong, missing and unknown entries, no uploads
    const creditCode = newCreditCode();
    const form = { ...restaurantForm(creditCode), 'premises.areaM2': 'big', 'applicant.phone': '12345', 'company.nickname': 'x' } as Record<string, unknown>;
    delete form['company.name'];

    // when
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: 'x' }, form });

    // then: one answer names every field and every missing key material of every item
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, code: 'APPLICATION_INCOMPLETE' });
    const problems = response.body.details.problems as Array<{ kind: string; field?: string; item?: string; material?: string; reason: string }>;
    expect(problems.filter((p) => p.kind === 'field').map((p) => `${p.field}:${p.reason}`).sort()).toEqual([
      'applicant.phone:pattern', 'company.name:required', 'form.company.nickname:unknown', 'premises.areaM2:type',
    ]);
    expect(problems.filter((p) => p.kind === 'material').map((p) => `${p.item}:${p.material}`).sort()).toEqual([
      'SH-LHSR-014:营业执照', 'SH-LHSR-014:招牌设计效果图', 'SH-SCJG-001:营业执照', 'SH-SCJG-001:法定代表人身份证明', 'SH-SCJG-001:经营场所平面布局图',
      'SH-XF-003:营业执照', 'SH-XF-003:场所平面图', 'SH-XF-003:消防安全制度',
    ].sort());
    expect(response.body.details.notice.missing).toHaveLength(8);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM application WHERE applicant_code = $1`, [creditCode]);
    expect(n).toBe(0);
  });

  it('exempts the business licence in every item, shows each department only its step, issues all three certificates', async () => {
    // given: the company's business licence on file and one upload per key material
    const creditCode = newCreditCode();
    const licence = await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
      holder: { codeType: '001', code: creditCode, name: '上海小笼包餐饮有限公司' }, data: { companyName: '上海小笼包餐饮有限公司', creditCode },
    });

    // when
    const { plan, response } = await b.submitRestaurant(creditCode);

    // then: accepted, the licence exempts the material of all three items, with evidence
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.any(String), processInstanceId: expect.any(String), missingMaterials: [], pendingMaterials: [] });
    expect(response.body.exemptMaterials.map((e: { item: string; name: string; certificateId: string }) => [e.item, e.name, e.certificateId])).toEqual(
      ITEMS.map((item) => [item, '营业执照', licence.id]),
    );
    expect(response.body.exemptMaterials[0].checkedAt).toEqual(expect.any(String));
    expect(response.body.deferredMaterials.map((d: { item: string; name: string }) => `${d.item}:${d.name}`).sort()).toEqual(['SH-LHSR-014:场所使用证明', 'SH-SCJG-001:食品安全管理制度']);
    const id = response.body.id as string;
    const instanceId = response.body.processInstanceId as string;
    const [row] = await db.query(`SELECT bundle_code, process_instance_id FROM application WHERE id = $1`, [id]);
    expect(row).toEqual({ bundle_code: 'open-restaurant', process_instance_id: instanceId });

    // three departments work in parallel
    const tasks = await b.openTasks(instanceId, APPROVALS);
    expect(Object.values(tasks).map((x) => x.department).sort()).toEqual(['city-appearance', 'fire-rescue', 'market-regulation']);

    // the market-regulation clerk sees the food licence's fields only
    const food = await b.task(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation');
    expect(food.status).toBe(200);
    expect(food.body.step.item).toBe('SH-SCJG-001');
    const keys = food.body.step.fields.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['company.name', 'food.categories', 'premises.areaM2']));
    expect(keys).not.toContain('signboard.text');
    expect(keys).not.toContain('fire.seats');
    expect(JSON.stringify(food.body)).not.toContain('小笼包"');
    expect(food.body.step.materials.find((m: { name: string }) => m.name === '营业执照')).toMatchObject({ status: 'exempt', certificateId: licence.id });
    expect(food.body.step.materials.find((m: { name: string }) => m.name === '经营场所平面布局图')).toMatchObject({ status: 'uploaded', attachmentId: plan.id });
    expect(food.body.step.certificates.map((c: { id: string }) => c.id)).toEqual([licence.id]);
    expect((await b.task(tasks.Task_SH_XF_003_approve.id, 'clerk.market-regulation')).status).toBe(403);
    const download = await t.http.get(`/api/v1/attachments/${plan.id}/content`).set('Authorization', await api.as('clerk.fire-rescue'));
    expect([download.status, download.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect((await t.http.get(`/api/v1/attachments/${plan.id}/content`).set('Authorization', await api.as('clerk.health'))).status).toBe(403);
    expect((await t.http.get(`/api/v1/certificates?holderCode=${creditCode}`).set('Authorization', await api.as('clerk.fire-rescue'))).status).toBe(403);

    // an approval needs the decision
    const undecided = await api.complete(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation', { comment: 'ok' });
    expect(undecided.status).toBe(400);
    expect(undecided.body.message).toContain('approved');

    // when: every department approves
    expect((await api.complete(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_LHSR_014_approve.id, 'clerk.city-appearance', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_XF_003_approve.id, 'clerk.fire-rescue', { approved: true })).status).toBe(200);

    // then: each item's certificate is issued to the company, and the case completes
    const done = await b.itemStates(id, Object.fromEntries(ITEMS.map((item) => [item, 'certificate-issued'])));
    await api.eventually(() => api.instance(instanceId), (i) => i.state === 'completed');
    expect(done.items.map((i: { certificate: { id: string } }) => i.certificate.id)).toEqual([
      expect.stringMatching(/^1\.2\.156\.3005\.2\.2002\.310000SCJG\.\d{8}\.1\.[0-9A-Z]$/),
      expect.stringMatching(/^1\.2\.156\.3005\.2\.2101\.310000LHSR\.\d{8}\.1\.[0-9A-Z]$/),
      expect.stringMatching(/^1\.2\.156\.3005\.2\.2201\.310000XF\.\d{8}\.1\.[0-9A-Z]$/),
    ]);
    expect(JSON.stringify(done)).not.toMatch(/clerk\.|Task_/);
    const held = await t.http.get(`/api/v1/certificates?holderCode=${creditCode}`).set('X-API-Key', t.apiKey);
    expect(held.body.items.map((c: { type: string; status: string }) => `${c.type}:${c.status}`).sort()).toEqual([
      'business-licence:valid', 'fire-safety-inspection:valid', 'food-business-licence:valid', 'signboard-permit:valid',
    ]);
    const foodLicence = held.body.items.find((c: { type: string }) => c.type === 'food-business-licence');
    expect(foodLicence).toMatchObject({ issuedBy: { applicationId: id, item: 'SH-SCJG-001' }, holder: { codeType: '001', code: creditCode }, data: { companyName: '上海小笼包餐饮有限公司', premisesAddress: '上海市黄浦区南京东路100号' } });

    // a redelivered issue job changes nothing: the certificate is issued exactly once
    const outbox = await db.query(`SELECT payload FROM outbox WHERE instance_id = $1 AND type = 'job.created' ORDER BY id`, [instanceId]);
    expect(outbox).toHaveLength(3);
    const processor = inRoot(t.app).get(CertificateIssueProcessor);
    await Promise.all(outbox.map((row: { payload: Record<string, unknown> }) => processor.handle(row.payload)));
    const [{ n: issuedCount }] = await db.query(`SELECT count(*)::int AS n FROM certificate WHERE application_id = $1`, [id]);
    expect(issuedCount).toBe(3);

    // and the clerk's read of personal data is in the case's history
    const history = await api.history(instanceId);
    expect(history.find((h) => h.type === 'personal-data.read' && h.actor === 'clerk.market-regulation')).toMatchObject({ data: { item: 'SH-SCJG-001', taskId: tasks.Task_SH_SCJG_001_approve.id } });
    expect(history.find((h) => h.type === 'personal-data.read' && h.actor === 'clerk.fire-rescue')).toMatchObject({ data: { attachmentId: plan.id } });
    expect(history.filter((h) => h.type === 'certificate.issued')).toHaveLength(3);
    const listed = await t.http.get(`/api/v1/applications?applicantCode=${creditCode}`).set('X-API-Key', t.apiKey);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id, state: 'completed' }] });
  });

  it('records a rejection with its opinion without issuing the certificate, and ends the case partially approved', async () => {
    const creditCode = newCreditCode();
    await b.registerCertificate({
      type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00',
      holder: { codeType: '001', code: creditCode, name: '某餐饮公司' },
    });
    const plan = await b.upload(PDF, 'plan.pdf');
    const materials = [
      ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
    ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
    const response = await b.submit({ bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '某餐饮公司' }, form: restaurantForm(creditCode), materials });
    expect(response.status).toBe(201);
    const tasks = await b.openTasks(response.body.processInstanceId, APPROVALS);
    const decide = async (taskId: string, clerk: string, body: Record<string, unknown>) =>
      t.http.post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', await api.as(clerk)).send(body);
    expect((await decide(tasks.Task_SH_LHSR_014_approve.id, 'clerk.city-appearance', { decision: 'reject', comment: '招牌设置位置不符合市容规划。' })).status).toBe(200);
    const progress = await b.itemStates(response.body.id, { 'SH-LHSR-014': 'rejected', 'SH-SCJG-001': 'in-progress' });
    expect(progress.items.find((i: { item: string }) => i.item === 'SH-LHSR-014')).toMatchObject({ decision: 'rejected', opinion: '招牌设置位置不符合市容规划。', department: 'city-appearance' });
    expect(progress.items.find((i: { item: string }) => i.item === 'SH-LHSR-014').certificate).toBeUndefined();
    expect(progress.outcome).toBeNull();

    // when the two other departments approve, one with the earlier boolean form
    expect((await decide(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation', { decision: 'approve' })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_XF_003_approve.id, 'clerk.fire-rescue', { approved: true })).status).toBe(200);

    // then the case ends partially approved: two certificates, none for the rejected signboard
    const done = await b.itemStates(response.body.id, { 'SH-SCJG-001': 'certificate-issued', 'SH-XF-003': 'certificate-issued', 'SH-LHSR-014': 'rejected' });
    const ended = await api.eventually(() => b.application(response.body.id), (a) => a.state === 'completed');
    expect(ended.outcome).toBe('partially-approved');
    expect(done.items.map((i: { item: string; decision: string }) => `${i.item}:${i.decision}`)).toEqual(['SH-SCJG-001:approved', 'SH-LHSR-014:rejected', 'SH-XF-003:approved']);
    const fire = await b.task(tasks.Task_SH_XF_003_approve.id, 'clerk.fire-rescue');
    expect(fire.body).toMatchObject({ decision: 'approve', comment: null });
  });
});
