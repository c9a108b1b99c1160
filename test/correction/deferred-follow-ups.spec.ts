import { randomBytes } from 'node:crypto';
import { MaterialFollowUpService } from '@tongban/catalog';
import { TestClock } from '@tongban/runtime';
import { BundleClient, newCreditCode, PDF, restaurantForm } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { ApiClient } from '../support/api-client';
import { notificationsOfCase } from '../support/notifications';
import { inRoot } from '../support/root-scope';
import { startTestApp, type TestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const DAY = 24 * 3600 * 1000;
const RULES = { item: 'SH-SCJG-001', name: '食品安全管理制度' };

/** An open-restaurant case whose food-safety rules are deferred (容缺) to the end of `deadline` (every other material handed in). */
async function restaurantWithDeadline(t: TestApp, b: BundleClient, deadline: string) {
  const creditCode = newCreditCode();
  await b.registerBusinessLicence(creditCode);
  const plan = await b.upload(PDF, '平面图.pdf');
  const materials = [
    ['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-LHSR-014', '场所使用证明'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图'],
  ].map(([item, name]) => ({ item, name, attachmentId: plan.id }));
  const response = await b.submit({
    bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' }, form: restaurantForm(creditCode), materials,
    deferred: [{ ...RULES, deadline }],
  });
  expect(response.status).toBe(201);
  expect(response.body.deferredMaterials.map((d: { name: string }) => d.name)).toEqual([RULES.name]);
  return { id: response.body.id as string, instanceId: response.body.processInstanceId as string };
}

describe('容缺: a deferred material whose deadline passes', () => {
  // Tuesday 1 December 2026, 10:00 Beijing time
  const clock = new TestClock('2026-12-01T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);
  const followUps = async (as: string, query = '') => t.http.get(`/api/v1/material-follow-ups${query}`).set('Authorization', await api.as(as));
  const handIn = (id: string, attachmentId: string) => t.http.post(`/api/v1/applications/${id}/materials`).set('X-API-Key', t.apiKey).send({ materials: [{ ...RULES, attachmentId }] });

  it('opens one follow-up for the item\'s department, shows the applicant what it means, and closes it when the material arrives late', async () => {
    // given a case whose food-safety rules are due by Wednesday 2 December
    clock.set('2026-12-01T02:00:00Z');
    const c = await restaurantWithDeadline(t, b, '2026-12-02');
    await advanceClock(t, 0);
    expect((await followUps('clerk.market-regulation', `?applicationId=${c.id}`)).body.items).toEqual([]);

    // when the clock passes the end of 2 December (Beijing time)
    await advanceClock(t, DAY + 14 * 3600 * 1000); // Thursday 3 December, 00:00

    // then the market-regulation department has one open follow-up, notified to its queue
    const mine = await followUps('clerk.market-regulation', `?applicationId=${c.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ total: 1, items: [{ applicationId: c.id, item: RULES.item, material: RULES.name, department: 'market-regulation', state: 'open', deadlineAt: '2026-12-02T15:59:59.999Z', closedAt: null }] });
    expect((await followUps('clerk.fire-rescue', `?applicationId=${c.id}`)).body.items).toEqual([]);
    const notes = await notificationsOfCase(t, api, c.id, 'clerk.market-regulation');
    expect(notes.filter((n) => n.title.includes(RULES.name))).toHaveLength(1);

    // and the applicant's view shows the missed material and its consequence (the item issues a conditional certificate)
    const view = await b.application(c.id);
    expect(view.deferredMaterials).toEqual([{
      ...RULES, deadline: '2026-12-02T15:59:59.999Z', deadlineDate: '2026-12-02', overdue: true,
      consequence: expect.stringContaining('附条件证照'), followUp: { state: 'open', openedAt: '2026-12-02T16:00:00.000Z' },
    }]);

    // and a redelivered deadline opens nothing more
    const again = await inRoot(t.app).get(MaterialFollowUpService).deadlineReached({ applicationId: c.id, item: RULES.item, material: RULES.name });
    expect(again).toBe('opened-already');
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'material.deadline-missed')).toEqual([
      expect.objectContaining({ actor: 'system:deferred-deadline', data: expect.objectContaining({ item: RULES.item, material: RULES.name, department: 'market-regulation' }) }),
    ]);

    // when the applicant hands the material in late
    const rules = await b.upload(PDF, '食品安全管理制度.pdf');
    expect((await handIn(c.id, rules.id)).status).toBe(200);

    // then the follow-up is closed as handed in, and the view no longer lists the material as missing
    expect((await followUps('clerk.market-regulation', `?applicationId=${c.id}`)).body.items).toEqual([
      expect.objectContaining({ state: 'closed', closeReason: 'handed-in', closedBy: expect.any(String), closedAt: '2026-12-02T16:00:00.000Z' }),
    ]);
    expect((await b.application(c.id)).deferredMaterials).toEqual([]);
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'material.follow-up-closed').map((h) => h.data?.reason)).toEqual(['handed-in']);
  });

  it('opens nothing for a material handed in before its deadline', async () => {
    // given
    clock.set('2026-12-01T02:00:00Z');
    const c = await restaurantWithDeadline(t, b, '2026-12-02');
    const rules = await b.upload(PDF, '食品安全管理制度.pdf');
    expect((await handIn(c.id, rules.id)).status).toBe(200);

    // when
    await advanceClock(t, 2 * DAY);

    // then
    expect((await followUps('admin', `?applicationId=${c.id}`)).body).toEqual({ items: [], total: 0 });
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'material.deadline-missed')).toEqual([]);
  });

  it('lets the department record its follow-up once, and no other department', async () => {
    // given an open follow-up
    clock.set('2026-12-01T02:00:00Z');
    const c = await restaurantWithDeadline(t, b, '2026-12-01');
    await advanceClock(t, DAY);
    const [followUp] = (await followUps('clerk.market-regulation', `?applicationId=${c.id}&state=open`)).body.items;
    const close = async (as: string, body: Record<string, unknown>) => t.http.post(`/api/v1/material-follow-ups/${followUp.id}/close`).set('Authorization', await api.as(as)).send(body);

    // when another department, an empty comment, then the department close it
    const foreign = await close('clerk.fire-rescue', { comment: '已联系' });
    const empty = await close('clerk.market-regulation', { comment: '' });
    const closed = await close('clerk.market-regulation', { comment: '已电话联系申请人，约定本周五前补交。' });
    const twice = await close('clerk.market-regulation', { comment: '再次联系' });

    // then only the department's first record counts
    expect([foreign.status, empty.status, closed.status, twice.status]).toEqual([404, 400, 200, 409]);
    expect(closed.body).toMatchObject({ state: 'closed', closeReason: 'followed-up', closedBy: 'clerk.market-regulation', comment: '已电话联系申请人，约定本周五前补交。' });
    expect((await followUps('clerk.market-regulation', `?applicationId=${c.id}&state=open`)).body.total).toBe(0);
  });
});

describe('容缺 deadlines across a restart', () => {
  it('opens the follow-up of a deadline scheduled before the app stopped once the restarted app\'s clock passes it, exactly once', async () => {
    // given a case accepted by an app that then stops
    const clock = new TestClock('2026-12-01T02:00:00Z');
    const first = await startTestApp({ clock });
    let second: TestApp | undefined;
    try {
      const b1 = new BundleClient(first, new ApiClient(first));
      const c = await restaurantWithDeadline(first, b1, '2026-12-02');
      await advanceClock(first, 0);
      await first.app.close();

      // when the app starts again on the same queues and its clock passes the deadline, twice
      second = await startTestApp({ clock, queuePrefix: first.queuePrefix });
      const api2 = new ApiClient(second);
      await advanceClock(second, 2 * DAY);
      await advanceClock(second, DAY);

      // then one follow-up opened
      const listed = await second.http.get(`/api/v1/material-follow-ups?applicationId=${c.id}`).set('Authorization', await api2.as('supervisor'));
      expect(listed.body.items.map((f: { material: string; state: string }) => `${f.material}:${f.state}`)).toEqual([`${RULES.name}:open`]);
      expect((await api2.history(c.instanceId)).filter((h) => h.type === 'material.deadline-missed')).toHaveLength(1);
    } finally {
      await second?.close();
    }
  });
});

describe('容缺: a certificate held for its deferred material', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);

  it('is issued only when the material arrives, for an item that issues no conditional certificate', async () => {
    // given an item without conditional certificates, with one non-key material, in a deployed bundle
    const s = randomBytes(3).toString('hex').toUpperCase();
    const designer = await api.as('designer');
    const type = `held-${s.toLowerCase()}`;
    expect((await t.http.post('/api/v1/catalog/certificate-types').set('Authorization', designer)
      .send({ type, code: `H${s}`, name: '卫生许可证', issuer: '某局', issuerCode: `H${s}`, holderCodeType: '001', fields: [{ key: 'companyName', formField: 'company.name' }] })).status).toBe(201);
    const item = `HC-${s}`;
    expect((await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send({
      code: item, name: `卫生许可 ${s}`, type: '行政许可', department: 'market-regulation', legalDays: 20, promisedDays: 5, dayUnit: 'working', result: type,
      fields: ['company.name', 'company.creditCode', 'applicant.name'],
      materials: [{ name: '营业执照', key: true, satisfiedBy: 'business-licence' }, { name: '卫生管理制度', key: false }],
    })).status).toBe(201);
    const bundle = `held-${s.toLowerCase()}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundle, name: '卫生许可一件事', items: [item] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${bundle}/deploy`).set('Authorization', designer)).status).toBe(201);
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const submitted = await b.submit({
      bundleCode: bundle, applicant: { type: 'company', code: creditCode, name: '某餐饮公司' },
      form: { 'company.name': '某餐饮公司', 'company.creditCode': creditCode, 'applicant.name': '张三' }, deferred: [{ item, name: '卫生管理制度' }],
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    const [task] = await api.eventually(() => api.tasks(submitted.body.processInstanceId as string), (list) => list.length === 1);

    // when the department approves while the material is out
    expect((await api.complete(task.id as string, 'clerk.market-regulation', { approved: true })).status).toBe(200);

    // then the item is approved, awaiting the material, and no certificate is issued
    const waiting = await b.itemStates(id, { [item]: 'approved' });
    expect(waiting.items[0]).toMatchObject({ decision: 'approved', awaitingMaterials: ['卫生管理制度'] });
    expect(waiting.items[0].certificate).toBeUndefined();
    const none = await t.http.get(`/api/v1/certificates?holderCode=${creditCode}`).set('X-API-Key', t.apiKey);
    expect(none.body.items.map((c: { type: string }) => c.type)).not.toContain(type);

    // when the material is handed in
    const rules = await b.upload(PDF, '卫生管理制度.pdf');
    const handedIn = await t.http.post(`/api/v1/applications/${id}/materials`).set('X-API-Key', t.apiKey).send({ materials: [{ item, name: '卫生管理制度', attachmentId: rules.id }] });
    expect(handedIn.status).toBe(200);

    // then the certificate is issued, unconditional, and the case completes
    const done = await b.itemStates(id, { [item]: 'certificate-issued' });
    expect(done.items[0].certificate).toMatchObject({ type });
    expect(done.items[0].certificate.conditional).toBeUndefined();
    expect((await api.eventually(() => b.application(id), (a) => a.state !== 'active')).state).toBe('completed');
  });
});
