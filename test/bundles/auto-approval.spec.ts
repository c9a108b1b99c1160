import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { useTestApp } from '../support/use-test-app';
import { BundleClient, newCreditCode, PDF } from './bundle-fixtures';

const RENEWAL = 'SH-SCJG-002';
const DMN = readFileSync(resolve(__dirname, '../../workflows/decisions/food-licence-renewal.dmn'), 'utf8');

/** 秒办: the food licence renewal decided by workflows/decisions/food-licence-renewal.dmn, through the API. */
describe('秒办 (auto-approval) of a service item end to end', () => {
  const { t, api } = useTestApp();
  const b = new BundleClient(t, api);
  let code: string;

  beforeAll(async () => {
    const designer = await api.as('designer');
    const deployed = await t.http.post('/api/v1/deployments').set('Authorization', designer).send({ resources: [{ name: 'food-licence-renewal.dmn', content: DMN }] });
    expect(deployed.status).toBe(201);
    code = `renewal-${randomBytes(3).toString('hex')}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code, name: '许可延续', items: [RENEWAL] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${code}/deploy`).set('Authorization', designer)).status).toBe(201);
  });

  async function apply(violations: number) {
    const creditCode = newCreditCode();
    const pdf = await b.upload(PDF, '证照.pdf');
    const response = await b.submit({
      bundleCode: code, applicant: { type: 'company', code: creditCode, name: '上海小笼包餐饮有限公司' },
      form: {
        'company.name': '上海小笼包餐饮有限公司', 'company.creditCode': creditCode, 'licence.validUntil': '2099-06-30', 'company.violations': violations,
        'applicant.name': '王小明', 'applicant.phone': '13800138000',
      },
      materials: [{ item: RENEWAL, name: '营业执照', attachmentId: pdf.id }, { item: RENEWAL, name: '食品经营许可证', attachmentId: pdf.id }],
    });
    expect(response.status).toBe(201);
    return response.body.processInstanceId as string;
  }

  it('approves by rule: no clerk task, the licence goes to issuing, the decision is evidence attributed to system:auto-approval', async () => {
    // given a holder with a valid licence and no violations
    // when
    const instanceId = await apply(0);
    // then
    const history = await api.eventually(() => api.history(instanceId), (h) => h.some((e) => e.type === 'decision.evaluated'));
    expect(history.find((e) => e.type === 'decision.evaluated')).toMatchObject({
      actor: 'system:auto-approval', elementId: `Task_SH_SCJG_002_autoApproval`,
      data: { decisionId: 'food-licence-renewal', version: expect.any(Number), matchedRules: ['validAndClean'], item: RENEWAL, outputs: { approved: true } },
    });
    expect(history.some((e) => e.type === 'element.entered' && e.elementId === 'Task_SH_SCJG_002_approve')).toBe(false);
    expect(history.some((e) => e.type === 'element.entered' && e.elementId === 'Task_SH_SCJG_002_issue')).toBe(true);
    expect(await api.tasks(instanceId)).toEqual([]);
  });

  it('falls back to the market-regulation clerk when the rule does not approve, with the rule\'s reasons on the task', async () => {
    // given a holder with violations on record
    // when
    const instanceId = await apply(2);
    // then
    const tasks = await b.openTasks(instanceId, ['Task_SH_SCJG_002_approve']);
    expect(tasks.Task_SH_SCJG_002_approve.department).toBe('market-regulation');
    const task = await b.task(tasks.Task_SH_SCJG_002_approve.id, 'clerk.market-regulation');
    expect(task.body.variables.autoApproval).toEqual({ approved: false, reasons: ['有违法记录，转人工审核 / violations on record: a clerk decides'] });
    const evidence = (await api.history(instanceId)).find((e) => e.type === 'decision.evaluated');
    expect(evidence?.data).toMatchObject({ matchedRules: ['violationsOnRecord'], outputs: { approved: false, reasons: [expect.stringMatching(/violations on record/)] } });
  });
});
