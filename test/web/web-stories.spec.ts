import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { startDepartmentCase } from '../department/department-case';
import { uniqueKey } from '../support/test-app';
import { ZH_CN } from '../../apps/web/src/i18n/messages.zh-CN';
import { PHONE, screenshot, seriousViolations, useWebUi } from './browser';

/**
 * The user stories of the browser product, end to end against the real api in headless Chromium:
 * a clerk returns a case with an opinion, an admin and a supervisor resolve incidents from the monitor,
 * a clerk copies a task (抄送) that another department reads, and an
 * applicant applies from a phone, answers a correction (补正) and rates the service (好差评).
 */
jest.setTimeout(180_000);

/** The demo applicant 李四 (`applicant.li`). */
const LI = '310106198506121233';
/** What the portal says once a correction is answered (zh-CN). */
const CORRECTION_ANSWERED = ZH_CN['portal.correctionAnswered'];

describe('browser stories', () => {
  const { app, api, ui } = useWebUi();

  it('a clerk returns a case to an earlier step with an opinion, read back in the history as a sentence', async () => {
    // given: acceptance and review done; decide waits for fire rescue
    const { id, open } = await startDepartmentCase(api);
    expect((await api.complete((await open()).acceptance.id, 'clerk.market-regulation')).status).toBe(200);
    expect((await api.complete((await open()).review.id, 'clerk.health')).status).toBe(200);
    const decide = (await api.eventually(open, (tasks) => !!tasks.decide)).decide;
    const page = await ui.signIn('clerk.fire-rescue');
    await ui.openTask(page, decide.id);
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

  it('a supervisor resolves an incident from the monitor once its cause is fixed, and the case moves on', async () => {
    // given: an incident at a gateway whose variable the integrator has since corrected
    const { key, xml } = routingWithDiagram();
    await api.deploy(xml);
    const id = (await api.startWithKey(key, { applicantType: 'other' }, `SUP-${key}`)).body.id as string;
    const incidents = async () => (await app.http.get('/api/v1/incidents').query({ processInstanceId: id }).set('X-API-Key', app.apiKey)).body.items as { id: string; state: string }[];
    const [incident] = await api.eventually(incidents, (items) => items.length === 1);
    const fixed = await app.http.patch(`/api/v1/process-instances/${id}/variables`).set('X-API-Key', app.apiKey).send({ variables: { applicantType: 'person' } });
    expect(fixed.status).toBe(200);
    const page = await ui.signIn('supervisor');
    await page.waitForSelector('.page-monitor');
    await page.fill('input[name=businessKey]', key);
    await page.press('input[name=businessKey]', 'Enter');
    await page.click(`.instances [data-instance-id="${id}"]`);
    await page.waitForSelector('[data-testid=instance-diagram][data-rendered=true]');
    expect(await page.isVisible('[data-testid=instance-diagram] g.djs-element.tongban-incident[data-element-id="byApplicant"]')).toBe(true);
    expect(await page.$$('[data-action=cancel-instance]')).toHaveLength(0);
    expect(await seriousViolations(page)).toEqual([]);

    // when
    await page.click('[data-section=incidents] [data-action=resolve-incident]');

    // then: resolved by the supervisor, audited, and the case waits at the person review
    await page.waitForSelector('[data-testid=instance-detail] .notice-ok');
    await api.eventually(() => api.instance(id), (instance) => (instance.activeElementIds as string[]).includes('personReview'));
    expect((await incidents()).map((item) => [item.id, item.state])).toEqual([[incident.id, 'resolved']]);
    expect((await api.history(id)).find((item) => item.type === 'incident.resolved')).toMatchObject({ actor: 'supervisor' });
    await page.waitForFunction(() => document.querySelector('.history-sentences')?.textContent?.includes('supervisor'));
    expect(await page.textContent('.history-sentences [data-type="incident.resolved"]')).toContain('supervisor');
    await page.waitForSelector('[data-testid=instance-diagram] g.djs-element.tongban-active[data-element-id="personReview"]');
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'story-supervisor-incident');
    await page.context().close();
  });

  it('a clerk copies a task to another department with a note; its clerk reads the copy in the copies queue', async () => {
    // given: acceptance waits at market regulation
    const { open } = await startDepartmentCase(api);
    const acceptance = (await api.eventually(open, (tasks) => !!tasks.acceptance)).acceptance;
    const page = await ui.signIn('clerk.market-regulation');
    await ui.openTask(page, acceptance.id);
    await page.waitForSelector(`[data-testid=task-detail][data-task-id="${acceptance.id}"] button[data-action=cc]`);

    // when
    await page.click('[data-testid=task-detail] button[data-action=cc]');
    await page.waitForSelector('.operation-dialog input[name=departments]');
    await page.click('.operation-dialog [data-action=confirm]');
    await page.waitForSelector('.operation-dialog .operation-error');
    await page.fill('.operation-dialog input[name=departments]', 'health');
    await page.fill('.operation-dialog textarea[name=comment]', '请卫生健康部门知悉。');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('.operation-dialog [data-action=confirm]');
    await page.waitForSelector('[data-testid=task-detail] .notice-ok');

    // then: the health clerk finds the copy with its note, and opening it marks it read
    const reader = await ui.signIn('clerk.health');
    await reader.click('.queues #tab-copies');
    const link = await reader.waitForSelector(`.tasks [data-task-id="${acceptance.id}"]`);
    const copyId = await link.getAttribute('data-copy-id');
    await link.click();
    await reader.waitForSelector(`[data-testid=copy-detail][data-copy-id="${copyId}"]`);
    expect(await reader.textContent('[data-testid=copy-detail] .copy-note')).toBe('请卫生健康部门知悉。');
    expect(await reader.textContent('[data-testid=copy-detail]')).toContain('clerk.market-regulation');
    const copies = async () => (await app.http.get('/api/v1/cc').set('Authorization', await api.as('clerk.health'))).body.items as { id: string; readAt: string | null }[];
    await api.eventually(copies, (items) => !!items.find((item) => item.id === copyId)?.readAt);
    expect((await api.history((await app.http.get(`/api/v1/tasks/${acceptance.id}`).set('Authorization', await api.as('clerk.market-regulation'))).body.processInstanceId))
      .find((item) => item.type === 'task.copied')).toMatchObject({ actor: 'clerk.market-regulation', data: { comment: '请卫生健康部门知悉。' } });
    expect(await seriousViolations(reader)).toEqual([]);
    expect(ui.pageErrors(page)).toEqual([]);
    expect(ui.pageErrors(reader)).toEqual([]);
    await screenshot(reader, 'story-copy-read');
    await page.context().close();
    await reader.context().close();
  });

  it('an applicant signs in with their own account on a phone, applies, answers a correction and rates the service', async () => {
    // given: a deployed bundle for a newborn's insurance and social security card, and 李四's household register on file
    const b = new BundleClient(app, api);
    const bundleCode = uniqueKey('baby-cards');
    const designer = await api.as('designer');
    expect((await app.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundleCode, name: '婴儿医保社保卡', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    expect((await app.http.post(`/api/v1/bundles/${bundleCode}/deploy`).set('Authorization', designer)).status).toBe(201);
    await b.registerCertificate({ type: 'household-register', number: `H${LI.slice(-8)}${uniqueKey('').slice(-4)}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code: LI, name: '李四' }, data: { address: '上海市徐汇区1号' } });
    const page = await ui.open('#/portal', PHONE);
    await page.waitForSelector('input[name=username]');
    expect(await seriousViolations(page)).toEqual([]);

    // when: 李四 signs in with the password and chooses the bundle
    await page.fill('input[name=username]', 'applicant.li');
    await page.fill('input[name=password]', 'applicant.li');
    await page.click('[data-action=portal-sign-in]');
    await page.click(`[data-bundle="${bundleCode}"] [data-action=apply]`);

    // then: the one-time notice names the certificate that exempts the household register
    const notice = await page.waitForSelector('[data-testid=one-time-notice] .exempt');
    expect(await notice.textContent()).toMatch(new RegExp(`居民户口簿 H${LI.slice(-8)}[0-9a-f]{4}`));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-notice');

    // when: the merged form is filled, the photo uploaded, and the application submitted
    await page.click('[data-action=start]');
    await page.waitForSelector('.merged-form');
    const texts: Record<string, string> = {
      'baby.name': '李小宝', 'baby.idNumber': newCitizenId('20261101'), 'household.address': '上海市徐汇区1号',
      'bank.account': '6222020200112233445', 'applicant.name': '李四', 'applicant.phone': '13700137000',
    };
    // the merged form is the form-js viewer: each field's input id ends with its generated component id
    await page.waitForSelector('.merged-form .fjs-form');
    for (const [name, value] of Object.entries(texts)) await page.fill(`.merged-form input[id$="-Field_${name.replace(/\W/g, '_')}"]`, value);
    // the date is typed as the browser's locale shows dates (form-js's date picker reads that format)
    const birthDate = '.merged-form input[id$="-Field_baby_birthDate-date"]';
    await page.fill(birthDate, await page.evaluate(() => new Intl.DateTimeFormat('default').format(new Date(2026, 10, 1))));
    await page.press(birthDate, 'Tab');
    await page.click('.merged-form [id$="-Field_baby_gender-display"]');
    await page.click('.merged-form .fjs-dropdownlist-item:has-text("男")');
    await page.setInputFiles('.merged-form .material-upload[data-material="免冠照片"] input[type=file]', { name: '照片.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.waitForSelector('.merged-form .material-upload[data-material="免冠照片"] .uploaded');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-form');
    await page.click('[data-action=submit-application]');

    // then: the case is the applicant's own, listed on the home page, followed without staff names or internal ids
    await page.waitForSelector('.portal-case .item-progress');
    const applicationId = new URL(page.url().replace('#/', '')).searchParams.get('id')!;
    const supervisor = await api.as('supervisor');
    const accepted = (await app.http.get(`/api/v1/applications/${applicationId}`).set('Authorization', supervisor)).body;
    expect(accepted.bundleCode).toBe(bundleCode);
    expect(accepted.exemptMaterials.map((m: { name: string }) => m.name)).toContain('居民户口簿');
    const caseText = await page.textContent('.portal-case');
    expect(caseText).not.toMatch(/clerk\.|Task_|[0-9a-f]{8}-[0-9a-f]{4}-/);
    await page.click('.portal-header .brand');
    await page.waitForSelector(`.case-list [data-application-id="${applicationId}"]`);
    const listed = await page.$$eval('.case-list [data-application-id]', (links) => links.map((a) => a.getAttribute('data-application-id')));
    const own = await app.http.get('/api/v1/applications?limit=100').set('Authorization', await api.as('applicant.li'));
    expect(listed.sort()).toEqual(own.body.items.map((a: { id: string }) => a.id).slice(0, 50).sort());
    await page.click(`.case-list [data-application-id="${applicationId}"]`);

    // when: human resources asks for a correction through REST, which the applicant answers from the phone
    const instance = (await app.http.get('/api/v1/process-instances').query({ businessKey: applicationId }).set('Authorization', supervisor)).body.items[0].id as string;
    const tasks = await b.openTasks(instance, ['Task_YB_CB_007_approve', 'Task_RS_SBK_002_approve']);
    const asked = await app.http.post(`/api/v1/tasks/${tasks.Task_RS_SBK_002_approve.id}/correction`).set('Authorization', await api.as('clerk.human-resources'))
      .send({ items: [{ field: 'applicant.phone', reason: '电话无法接通' }, { material: '免冠照片', reason: '照片背景不是白色' }], deadlineDays: 5 });
    expect(asked.status).toBe(200);
    await page.reload();
    await page.waitForSelector('[data-testid=correction]');
    await page.fill('[data-testid=correction] input[name="applicant.phone"]', '13900139000');
    await page.setInputFiles('[data-testid=correction] .material-upload[data-material="免冠照片"] input[type=file]', { name: '白底照片.jpg', mimeType: 'image/jpeg', buffer: JPEG });
    await page.waitForSelector('[data-testid=correction] .uploaded');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'story-portal-correction');
    await page.click('[data-action=answer-correction]');

    // then
    const answered = await page.waitForSelector('.portal-case .notice-ok, .portal-case .notice-error');
    expect(await answered.textContent()).toBe(CORRECTION_ANSWERED);
    await page.waitForSelector('[data-testid=correction]', { state: 'detached' });
    expect((await app.http.get(`/api/v1/applications/${applicationId}`).set('Authorization', supervisor)).body.correction).toBeNull();

    // when: both departments approve and the applicant rates the service
    const resumed = await api.eventually(() => b.task(tasks.Task_RS_SBK_002_approve.id, 'clerk.human-resources'), (r) => r.body.state === 'open' || r.body.state === 'claimed');
    expect((await api.complete(resumed.body.id, 'clerk.human-resources', { approved: true })).status).toBe(200);
    expect((await api.complete(tasks.Task_YB_CB_007_approve.id, 'clerk.medical-insurance', { approved: true })).status).toBe(200);
    await api.eventually(async () => (await app.http.get(`/api/v1/applications/${applicationId}`).set('Authorization', supervisor)).body, (a: { outcome: string | null }) => a.outcome !== null, 30_000);
    await page.reload();
    await page.waitForSelector('[data-testid=rating] .el-rate');
    await page.click('[data-testid=rating] .el-rate__item >> nth=4');
    await page.fill('textarea[name=ratingComment]', '一次办好，非常方便。');
    await page.click('[data-action=rate]');

    // then: the rating is kept, and what the applicant reads back carries no ids
    await page.waitForSelector('[data-testid=rating] [data-rated="5"]');
    const rating = await app.http.get(`/api/v1/applications/${applicationId}/ratings`).set('Authorization', await api.as('applicant.li'));
    expect(rating.body).toEqual({ level: 5, items: [], comment: '一次办好，非常方便。', createdAt: expect.any(String) });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'story-portal-rated');
    await page.context().close();
  });
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
