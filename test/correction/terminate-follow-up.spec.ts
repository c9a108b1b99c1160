import { randomBytes } from 'node:crypto';
import { TestClock } from '@tongban/runtime';
import { DataSource } from 'typeorm';
import { BundleClient, newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import type { ApiClient } from '../support/api-client';
import { inRoot } from '../support/root-scope';
import { startTestApp, type TestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';

const DAY = 24 * 3600 * 1000;
const RULES = '卫生管理制度';
const NOTICE = '容缺材料逾期未补交，经电话告知仍未补交，本事项终止办理。';

/**
 * A deployed two-item bundle run in parallel: a market-regulation item issuing a certificate (no conditional one) whose
 * rules are deferred (容缺) to the end of 1 December, and a fire-rescue item without one; a case of it submitted.
 */
async function twoItemCase(t: TestApp, api: ApiClient, b: BundleClient) {
  const s = randomBytes(3).toString('hex').toUpperCase();
  const designer = await api.as('designer');
  const type = `term-${s.toLowerCase()}`;
  expect((await t.http.post('/api/v1/catalog/certificate-types').set('Authorization', designer)
    .send({ type, code: `T${s}`, name: '卫生许可证', issuer: '某局', issuerCode: `T${s}`, holderCodeType: '001', fields: [{ key: 'companyName', formField: 'company.name' }] })).status).toBe(201);
  const held = `TA-${s}`;
  const other = `TB-${s}`;
  const fields = ['company.name', 'company.creditCode', 'applicant.name'];
  expect((await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send({
    code: held, name: `卫生许可 ${s}`, type: '行政许可', department: 'market-regulation', legalDays: 20, promisedDays: 5, dayUnit: 'working', result: type, fields,
    materials: [{ name: '营业执照', key: true, satisfiedBy: 'business-licence' }, { name: RULES, key: false }],
  })).status).toBe(201);
  expect((await t.http.post('/api/v1/catalog/items').set('Authorization', designer).send({
    code: other, name: `消防检查 ${s}`, type: '行政确认', department: 'fire-rescue', legalDays: 20, promisedDays: 5, dayUnit: 'working', fields,
    materials: [{ name: '营业执照', key: true, satisfiedBy: 'business-licence' }],
  })).status).toBe(201);
  const bundle = `term-${s.toLowerCase()}`;
  expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundle, name: '卫生消防一件事', items: [held, other] })).status).toBe(201);
  expect((await t.http.post(`/api/v1/bundles/${bundle}/deploy`).set('Authorization', designer)).status).toBe(201);
  const creditCode = newCreditCode();
  await b.registerBusinessLicence(creditCode);
  const submitted = await b.submit({
    bundleCode: bundle, applicant: { type: 'company', code: creditCode, name: '某餐饮公司' },
    form: { 'company.name': '某餐饮公司', 'company.creditCode': creditCode, 'applicant.name': '张三' }, deferred: [{ item: held, name: RULES, deadline: '2026-12-01' }],
  });
  expect(submitted.status).toBe(201);
  const instanceId = submitted.body.processInstanceId as string;
  const steps = await api.eventually(() => api.tasks(instanceId), (list) => list.filter((x) => x.state === 'open').length === 2);
  const step = (department: string) => steps.find((x) => x.department === department)!;
  return { id: submitted.body.id as string, instanceId, held, other, type, creditCode, heldStep: step('market-regulation').id, otherStep: step('fire-rescue').id };
}

describe('容缺: the department terminates the item of a missed deadline', () => {
  // Tuesday 1 December 2026, 10:00 Beijing time
  const clock = new TestClock('2026-12-01T02:00:00Z');
  const { t, api } = useTestApp(() => startTestApp({ clock }));
  const b = new BundleClient(t, api);
  const openFollowUp = async (applicationId: string) => {
    const listed = await t.http.get(`/api/v1/material-follow-ups?applicationId=${applicationId}&state=open`).set('Authorization', await api.as('clerk.market-regulation'));
    expect(listed.body.total).toBe(1);
    return listed.body.items[0].id as string;
  };
  const terminate = async (id: string, as: string, comment: string) => t.http.post(`/api/v1/material-follow-ups/${id}/terminate`).set('Authorization', await api.as(as)).send({ comment });
  const decide = async (taskId: string, as: string, decision: 'approve' | 'reject') => t.http.post(`/api/v1/tasks/${taskId}/complete`).set('Authorization', await api.as(as)).send({ decision, comment: '同意' });
  const applicantNotices = (id: string) => inRoot(t.app).get(DataSource).query(`SELECT title FROM notification WHERE application_id = $1 AND event_type = 'item.terminated' AND recipient_kind = 'applicant'`, [id]);

  it('withholds the certificate of an item decided and held for the material, and the other item still completes the case', async () => {
    // given the held item approved while its material is out, then its deadline missed
    clock.set('2026-12-01T02:00:00Z');
    const c = await twoItemCase(t, api, b);
    expect((await decide(c.heldStep, 'clerk.market-regulation', 'approve')).status).toBe(200);
    await b.itemStates(c.id, { [c.held]: 'approved' });
    await advanceClock(t, DAY);
    const followUp = await openFollowUp(c.id);

    // when the department terminates it
    const ended = await terminate(followUp, 'clerk.market-regulation', NOTICE);

    // then the follow-up is closed as terminated, the item shows the notice, and no certificate is issued
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'closed', closeReason: 'terminated', closedBy: 'clerk.market-regulation', comment: NOTICE });
    const view = await b.itemStates(c.id, { [c.held]: 'terminated', [c.other]: 'in-progress' });
    expect(view.items.find((i: { item: string }) => i.item === c.held)).toMatchObject({ decision: 'terminated', opinion: NOTICE });
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'item.terminated')).toEqual([
      expect.objectContaining({ actor: 'clerk.market-regulation', data: expect.objectContaining({ item: c.held, comment: NOTICE, ended: 'certificate-withheld', followUpId: followUp }) }),
    ]);
    await api.eventually(() => applicantNotices(c.id), (rows) => rows.length === 1);

    // and the material handed in now is refused: the item takes none any more
    const rules = await b.upload(PDF, `${RULES}.pdf`);
    const late = await t.http.post(`/api/v1/applications/${c.id}/materials`).set('X-API-Key', t.apiKey).send({ materials: [{ item: c.held, name: RULES, attachmentId: rules.id }] });
    expect(late.status).toBe(422);
    expect(JSON.stringify(late.body)).toContain('item-terminated');

    // when the other department approves its item
    expect((await decide(c.otherStep, 'clerk.fire-rescue', 'approve')).status).toBe(200);

    // then the parallel join is not left waiting: the case completes, partly approved, without the held item's certificate
    const done = await api.eventually(() => b.application(c.id), (a) => a.state === 'completed');
    expect(done.outcome).toBe('partially-approved');
    expect(done.items.find((i: { item: string }) => i.item === c.held)).toMatchObject({ state: 'terminated' });
    const certificates = await t.http.get(`/api/v1/certificates?holderCode=${c.creditCode}`).set('X-API-Key', t.apiKey);
    expect(certificates.body.items.map((x: { type: string }) => x.type)).not.toContain(c.type);
  });

  it('ends the open step of the item, refuses other departments and a second termination, and lets the other item go on', async () => {
    // given the held item's step still open when its deadline passes
    clock.set('2026-12-01T02:00:00Z');
    const c = await twoItemCase(t, api, b);
    await advanceClock(t, DAY);
    const followUp = await openFollowUp(c.id);

    // when another department, an empty opinion, the department, then the department again terminate it
    const foreign = await terminate(followUp, 'clerk.fire-rescue', NOTICE);
    const empty = await terminate(followUp, 'clerk.market-regulation', '');
    const ended = await terminate(followUp, 'clerk.market-regulation', NOTICE);
    const twice = await terminate(followUp, 'clerk.market-regulation', NOTICE);

    // then only the department's first termination counts: the step ended terminated with the opinion
    expect([foreign.status, empty.status, ended.status, twice.status]).toEqual([404, 400, 200, 409]);
    const step = await b.task(c.heldStep, 'clerk.market-regulation');
    expect(step.body).toMatchObject({ state: 'completed', decision: 'terminated', comment: NOTICE });
    const view = await b.itemStates(c.id, { [c.held]: 'terminated', [c.other]: 'in-progress' });
    expect(view.items.find((i: { item: string }) => i.item === c.held)).toMatchObject({ opinion: NOTICE });
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'item.terminated').map((h) => h.data?.ended)).toEqual(['step-ended']);

    // when the other department rejects its item
    expect((await decide(c.otherStep, 'clerk.fire-rescue', 'reject')).status).toBe(200);

    // then the case ends, terminated by its items' decisions
    const done = await api.eventually(() => b.application(c.id), (a) => a.state !== 'active');
    expect(done.outcome).toBe('rejected');
  });

  it('ends a step returned to the applicant for 补正, expiring the correction request', async () => {
    // given the held item's step returned for correction when its deadline passes
    clock.set('2026-12-01T02:00:00Z');
    const c = await twoItemCase(t, api, b);
    const asked = await t.http.post(`/api/v1/tasks/${c.heldStep}/correction`).set('Authorization', await api.as('clerk.market-regulation'))
      .send({ items: [{ field: 'company.name', reason: '名称与执照不符' }], deadlineDays: 10, comment: '请补正。' });
    expect(asked.status).toBe(200);
    await advanceClock(t, DAY);
    const followUp = await openFollowUp(c.id);

    // when the department terminates it
    const ended = await terminate(followUp, 'clerk.market-regulation', NOTICE);

    // then the step ends terminated, and the applicant is no longer asked to correct anything
    expect(ended.status).toBe(200);
    expect((await b.task(c.heldStep, 'clerk.market-regulation')).body).toMatchObject({ state: 'completed', decision: 'terminated' });
    const view = await b.itemStates(c.id, { [c.held]: 'terminated' });
    expect(view.correction).toBeNull();
    expect(view.deferredMaterials).toEqual([expect.objectContaining({ name: RULES, consequence: expect.stringContaining('终止办理') })]);
  });

  it('answers 409 naming why for an item already finished', async () => {
    // given the held item rejected before its deadline passes (the other item keeps the case running)
    clock.set('2026-12-01T02:00:00Z');
    const c = await twoItemCase(t, api, b);
    expect((await decide(c.heldStep, 'clerk.market-regulation', 'reject')).status).toBe(200);
    await advanceClock(t, DAY);
    const followUp = await openFollowUp(c.id);

    // when the department terminates it
    const refused = await terminate(followUp, 'clerk.market-regulation', NOTICE);

    // then it is refused with the reason, and the follow-up stays open
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('finished');
    expect(await openFollowUp(c.id)).toBe(followUp);
  });

  it('lets one of a concurrent termination and close win', async () => {
    // given an open follow-up
    clock.set('2026-12-01T02:00:00Z');
    const c = await twoItemCase(t, api, b);
    await advanceClock(t, DAY);
    const followUp = await openFollowUp(c.id);
    const auth = await api.as('clerk.market-regulation');

    // when the department terminates and closes it at once
    const [ended, closed] = await Promise.all([
      t.http.post(`/api/v1/material-follow-ups/${followUp}/terminate`).set('Authorization', auth).send({ comment: NOTICE }),
      t.http.post(`/api/v1/material-follow-ups/${followUp}/close`).set('Authorization', auth).send({ comment: '已联系申请人' }),
    ]);

    // then exactly one wins, and the step is ended only when the termination won
    expect([ended.status, closed.status].sort()).toEqual([200, 409]);
    const step = await b.task(c.heldStep, 'clerk.market-regulation');
    expect(step.body.state).toBe(ended.status === 200 ? 'completed' : 'open');
    expect((await api.history(c.instanceId)).filter((h) => h.type === 'item.terminated')).toHaveLength(ended.status === 200 ? 1 : 0);
  });
});
