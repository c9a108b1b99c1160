import { BundleClient, newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { startDepartmentCase } from '../department/department-case';
import { ApiClient } from '../support/api-client';
import { startTestApp, uniqueKey, type TestApp } from '../support/test-app';
import { PHONE, screenshot, seriousViolations, WebUi } from './browser';

/**
 * The user stories of the browser product, end to end against the real api in headless Chromium:
 * a clerk returns a case with an opinion, an admin resolves an incident from the monitor, and an
 * applicant applies from a phone, answers a correction (补正) and rates the service (好差评).
 */
jest.setTimeout(180_000);

describe('browser stories', () => {
  let app: TestApp;
  let api: ApiClient;
  const ui = new WebUi();

  beforeAll(async () => {
    app = await startTestApp();
    api = new ApiClient(app);
    await ui.start(app);
  });

  afterAll(async () => {
    await ui.close();
    await app?.close();
  });

  it('a clerk returns a case to an earlier step with an opinion, read back in the history as a sentence', async () => {
    // given: acceptance and review done; decide waits for fire rescue
    const { id, open } = await startDepartmentCase(api);
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);
    const decide = (await api.eventually(open, (tasks) => !!tasks.decide)).decide;
    const page = await ui.signIn('clerk.fire-rescue');
    await page.click(`.tasks [data-task-id="${decide.id}"]`);
    await page.waitForSelector(`[data-testid=task-detail][data-task-id="${decide.id}"] button[data-action=return]`);

    // when
    await page.click('[data-testid=task-detail] button[data-action=return]');
    await page.waitForSelector('.operation-dialog [data-target=review]');
    await page.fill('.operation-dialog textarea[name=comment]', '审查意见不完整，请补充。');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-return-dialog');
    await page.click('.operation-dialog [data-action=confirm]');

    // then
    await page.waitForSelector('[data-testid=task-detail] .notice-ok');
    const returned = (await api.history(id)).find((item) => item.type === 'task.returned');
    expect(returned).toMatchObject({ actor: 'clerk.fire-rescue', elementId: 'decide', data: { to: 'review', comment: '审查意见不完整，请补充。' } });
    const after = await open();
    expect(after.review).toMatchObject({ department: 'health', state: 'open' });
    expect(after.decide).toBeUndefined();
    await page.waitForFunction(() => document.querySelector('.history-sentences')?.textContent?.includes('审查意见不完整'));
    const sentences = await page.$$eval('.history-sentences [data-type="task.returned"]', (items) => items.map((item) => item.textContent ?? ''));
    expect(sentences).toEqual([expect.stringMatching(/clerk\.fire-rescue 把「.+」退回到「.+」，意见：审查意见不完整，请补充。/)]);
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'story-returned');
    await page.context().close();
  });

  it('an admin finds an instance with an incident, fixes its variable and resolves the incident from the monitor', async () => {
    // given: a routing gateway with no flow for applicantType "other"
    const { key, xml } = routingWithDiagram();
    await api.deploy(xml);
    const started = await api.startWithKey(key, { applicantType: 'other' }, `INC-${key}`);
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const incidents = async () => (await app.http.get('/api/v1/incidents').query({ processInstanceId: id }).set('X-API-Key', app.apiKey)).body.items as { id: string; state: string; elementId: string }[];
    const [incident] = await api.eventually(incidents, (items) => items.length === 1);
    const page = await ui.signIn('admin');
    await page.click('.app-header [data-page=monitor]');
    await page.waitForSelector('.page-monitor');
    await page.fill('input[name=businessKey]', key);
    await page.press('input[name=businessKey]', 'Enter');
    await page.click(`.instances [data-instance-id="${id}"]`);
    await page.waitForSelector('[data-testid=instance-detail] h2');
    expect(ui.pageErrors(page)).toEqual([]);
    await page.waitForSelector('[data-testid=instance-diagram][data-rendered=true]');
    expect(await page.isVisible('[data-testid=instance-diagram] g.djs-element.tongban-incident[data-element-id="byApplicant"]')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-incident');

    // when: the variable is corrected, then the incident resolved
    await page.click('[data-action=edit-variables]');
    await page.fill('input[name=variableName]', 'applicantType');
    await page.fill('textarea[name=variableValue]', '"company"');
    await page.click('.el-dialog [data-action=confirm]');
    await page.waitForSelector('[data-testid=instance-detail] .notice-ok');
    await page.click(`[data-section=incidents] [data-action=resolve-incident]`);

    // then
    await api.eventually(() => api.instance(id), (instance) => (instance.activeElementIds as string[]).includes('companyReview'));
    expect((await incidents()).map((item) => [item.id, item.state])).toEqual([[incident.id, 'resolved']]);
    expect((await api.instance(id)).variables).toMatchObject({ applicantType: 'company' });
    expect((await api.history(id)).map((item) => item.type)).toEqual(expect.arrayContaining(['variables.updated', 'incident.resolved']));
    await page.waitForSelector('[data-section=incidents] [data-action=resolve-incident]', { state: 'detached' });
    expect(ui.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('an applicant applies for open-restaurant on a phone, answers a correction and rates the service', async () => {
    // given: the company's business licence is on file
    const b = new BundleClient(app, api);
    const creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const page = await ui.open('#/portal', PHONE);
    await page.waitForSelector('input[name=applicantCode]');
    expect(await seriousViolations(page)).toEqual([]);

    // when: signing in and choosing the bundle
    await page.fill('input[name=applicantCode]', creditCode);
    await page.fill('input[name=applicantName]', '上海小笼包餐饮有限公司');
    await page.fill('input[name=accessKey]', app.apiKey);
    await page.click('[data-action=portal-sign-in]');
    await page.click('[data-bundle=open-restaurant] [data-action=apply]');

    // then: the one-time notice names the certificate that exempts the business licence
    const notice = await page.waitForSelector('[data-testid=one-time-notice] .exempt');
    expect(await notice.textContent()).toContain(`BL${creditCode.slice(-9)}`);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-notice');

    // when: the merged form is filled, materials uploaded, the food-safety rules deferred
    await page.click('[data-action=start]');
    await page.waitForSelector('.merged-form');
    const texts: Record<string, string> = {
      'company.legalRepresentative': '王小明', 'premises.address': '上海市黄浦区南京东路100号', 'applicant.name': '王小明', 'applicant.phone': '13800138000', 'signboard.text': '小笼包',
      'premises.areaM2': '120', 'signboard.areaM2': '6', 'fire.seats': '60',
    };
    // the merged form is the form-js viewer: each field's input id ends with its generated component id
    await page.waitForSelector('.merged-form .fjs-form');
    for (const [name, value] of Object.entries(texts)) await page.fill(`.merged-form input[id$="-Field_${name.replace(/\W/g, '_')}"]`, value);
    await page.click('.merged-form label:has-text("热食类")');
    await page.click('.merged-form label:has-text("是否经营冷食")');
    await page.click('[data-defer="食品安全管理制度"]');
    for (const material of ['法定代表人身份证明', '经营场所平面布局图', '招牌设计效果图', '场所使用证明', '消防安全制度', '场所平面图']) {
      await page.setInputFiles(`.merged-form .material-upload[data-material="${material}"] input[type=file]`, { name: '平面图.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.waitForSelector(`.merged-form .material-upload[data-material="${material}"] .uploaded`);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-form');
    await page.click('[data-action=submit-application]');

    // then: the case is accepted and followed item by item without staff names or internal ids
    await page.waitForSelector('.portal-case .item-progress');
    const applicationId = new URL(page.url().replace('#/', '')).searchParams.get('id')!;
    const accepted = await b.application(applicationId);
    expect(accepted).toMatchObject({ bundleCode: 'open-restaurant', deferredMaterials: [expect.objectContaining({ name: '食品安全管理制度' })] });
    expect(accepted.exemptMaterials.map((m: { name: string }) => m.name)).toContain('营业执照');
    const caseText = await page.textContent('.portal-case');
    expect(caseText).not.toMatch(/clerk\.|Task_|[0-9a-f]{8}-[0-9a-f]{4}-/);

    // when: market regulation asks for a correction, which the applicant answers from the phone
    const tasks = await b.openTasks(await instanceOf(applicationId), ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
    const asked = await app.http.post(`/api/v1/tasks/${tasks.Task_SH_SCJG_001_approve.id}/correction`).set('Authorization', await api.as('clerk.market-regulation'))
      .send({ items: [{ field: 'premises.areaM2', reason: '面积与平面图不符' }, { material: '经营场所平面布局图', reason: '平面图未标注操作间' }], deadlineDays: 5 });
    expect(asked.status).toBe(200);
    await page.reload();
    await page.waitForSelector('[data-testid=correction]');
    await page.fill('[data-testid=correction] input[name="premises.areaM2"]', '130');
    await page.setInputFiles('[data-testid=correction] .material-upload[data-material="经营场所平面布局图"] input[type=file]', { name: '平面图-操作间.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.waitForSelector('[data-testid=correction] .uploaded');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-correction');
    await page.click('[data-action=answer-correction]');

    // then
    await page.waitForSelector('.portal-case .notice-ok');
    await page.waitForSelector('[data-testid=correction]', { state: 'detached' });
    expect((await b.application(applicationId)).correction).toBeNull();

    // when: the departments approve and the applicant rates the service
    const market = await api.eventually(() => b.task(tasks.Task_SH_SCJG_001_approve.id, 'clerk.market-regulation'), (r) => r.body.state === 'open' || r.body.state === 'claimed');
    expect((await api.complete(market.body.id, 'clerk.market-regulation', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_LHSR_014_approve.id, 'clerk.city-appearance', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_SH_XF_003_approve.id, 'clerk.fire-rescue', { approved: true })).status).toBe(200);
    await api.eventually(() => b.application(applicationId), (a: { outcome: string | null }) => a.outcome !== null, 30_000);
    await page.reload();
    await page.waitForSelector('[data-testid=rating] .el-rate');
    await page.click('[data-testid=rating] .el-rate__item >> nth=4');
    await page.fill('textarea[name=ratingComment]', '一次办好，非常方便。');
    await page.click('[data-action=rate]');

    // then
    await page.waitForSelector('[data-testid=rating] [data-rated="5"]');
    const rating = await app.http.get(`/api/v1/applications/${applicationId}/ratings`).set('X-API-Key', app.apiKey);
    expect(rating.body).toMatchObject({ level: 5, comment: '一次办好，非常方便。' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'story-portal-rated');
    await page.context().close();
  });

  async function instanceOf(applicationId: string): Promise<string> {
    const page = await app.http.get('/api/v1/process-instances').query({ businessKey: applicationId }).set('X-API-Key', app.apiKey);
    return page.body.items[0].id as string;
  }
});

/** test/fixtures/exclusive-no-default.bpmn with a diagram (BPMN DI), so the monitor can draw it; a unique process id. */
function routingWithDiagram(): { key: string; xml: string } {
  const key = uniqueKey('routing-with-diagram');
  const shape = (id: string, x: number, y: number, w: number, h: number) =>
    `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
  const edge = (id: string, points: [number, number][]) =>
    `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tongban="http://tongban.dev/schema/bpmn"
  id="${key}-definitions" targetNamespace="http://tongban.dev/workflows">
  <bpmn:process id="${key}" name="Route by applicant type" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:exclusiveGateway id="byApplicant" name="Applicant type?" />
    <bpmn:userTask id="companyReview" name="Company review" tongban:department="market-regulation" />
    <bpmn:userTask id="personReview" name="Person review" tongban:department="public-security" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="toGateway" sourceRef="start" targetRef="byApplicant" />
    <bpmn:sequenceFlow id="toCompany" sourceRef="byApplicant" targetRef="companyReview">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= applicantType = "company"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toPerson" sourceRef="byApplicant" targetRef="personReview">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= applicantType = "person"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="companyDone" sourceRef="companyReview" targetRef="end" />
    <bpmn:sequenceFlow id="personDone" sourceRef="personReview" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
    ${shape('start', 100, 182, 36, 36)}${shape('byApplicant', 190, 175, 50, 50)}${shape('companyReview', 300, 80, 100, 80)}${shape('personReview', 300, 240, 100, 80)}${shape('end', 470, 182, 36, 36)}
    ${edge('toGateway', [[136, 200], [190, 200]])}${edge('toCompany', [[215, 175], [215, 120], [300, 120]])}${edge('toPerson', [[215, 225], [215, 280], [300, 280]])}
    ${edge('companyDone', [[400, 120], [488, 120], [488, 182]])}${edge('personDone', [[400, 280], [488, 280], [488, 218]])}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
  return { key, xml };
}
