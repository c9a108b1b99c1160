import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webAppDir } from '../../apps/api/src/web/serve-web-app';
import { untilSettled } from '../support/barrier';
import { startTestApp, uniqueKey, type TestApp } from '../support/test-app';

/**
 * The designer in headless Chromium against the real api: a 会签 step with a condition and a timer
 * built from the properties panel and deployed, lint blocking an unknown department in the browser
 * and at deploy, and the diff of two versions. Screenshots land in .tmp/web-screenshots.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.resolve(__dirname, '../../.tmp/web-screenshots');
const SKELETON = readFileSync(path.resolve(__dirname, 'fixtures/countersign-skeleton.bpmn'), 'utf8');

jest.setTimeout(150_000);

describe('designer in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; the browser specs need it: apt-get install -y chromium`);
    if (!webAppDir()) throw new Error('the web UI is not built (dist/web/index.html missing): run `npm run build:web`');
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    baseUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The designer page of a fresh context, signed in as the demo designer, with `xml` opened from a file. */
  async function openInDesigner(xml: string, fileName: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=username]', 'designer');
    await page.fill('input[name=password]', 'designer');
    await page.click('button[type=submit]');
    await page.waitForSelector('.app-header .user');
    await page.goto(`${baseUrl}/#/designer`);
    await page.waitForSelector('[data-testid=properties-panel] .bio-properties-panel');
    await page.setInputFiles('input[data-action=open-file]', { name: fileName, mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.waitForFunction((name) => document.querySelector('.source')?.textContent === name, fileName);
    return { page, errors };
  }

  async function select(page: Page, elementId: string): Promise<void> {
    // 1. a click on the empty canvas clears the selection and its context pad, which may cover the target
    const canvas = (await page.locator('[data-testid=designer-canvas] svg').first().boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width - 40, canvas.y + 40);
    await page.keyboard.press('Escape');
    // 2. the element itself
    await page.click(`g.djs-element[data-element-id="${elementId}"] .djs-hit`, { force: true });
    // a flow's label (`<id>_label`) may lie over its middle; selecting it selects the flow's properties
    await page.waitForSelector(`g.djs-element.selected[data-element-id="${elementId}"], g.djs-element.selected[data-element-id="${elementId}_label"]`, { state: 'attached', timeout: 5000 })
      .catch(async (error) => {
        await page.screenshot({ path: path.join(SCREENSHOTS, `designer-select-${elementId}.png`) });
        throw error;
      });
  }

  /** The skeleton made deployable: the approving flow's condition and the cooling-off timer set. */
  function complete(xml: string): string {
    return xml
      .replace('<bpmn:timerEventDefinition id="cooling-off-timer" />', '<bpmn:timerEventDefinition id="cooling-off-timer"><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition>')
      .replace('name="通过" sourceRef="decide" targetRef="cooling-off" />', 'name="通过" sourceRef="decide" targetRef="cooling-off"><bpmn:conditionExpression>=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>');
  }

  async function openGroup(page: Page, groupId: string): Promise<void> {
    const header = page.locator(`[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
    if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
  }

  async function latestXml(key: string): Promise<{ version: number; xml: string } | undefined> {
    const token = `Bearer ${await app.token('designer')}`;
    const list = await app.http.get('/api/v1/process-definitions').query({ key, latest: 'true' }).set('Authorization', token);
    const id = list.body.items?.[0]?.id as string | undefined;
    if (!id) return undefined;
    const detail = await app.http.get(`/api/v1/process-definitions/${id}`).set('Authorization', token);
    return { version: detail.body.version, xml: detail.body.xml };
  }

  it('builds a 会签 step with a condition and a timer from the properties panel and deploys it', async () => {
    // given: a skeleton of shapes without any execution settings
    const key = uniqueKey('designer-countersign');
    const { page, errors } = await openInDesigner(SKELETON.replaceAll('countersign-skeleton', key), 'countersign.bpmn');

    // when: the Tongban group sets the department and the 会签 preset
    await select(page, 'joint-review');
    await openGroup(page, 'tongban');
    await page.selectOption('#bio-properties-panel-tongban-department', 'health');
    await page.fill('#bio-properties-panel-tongban-time-limit-days', '5');
    await page.selectOption('#bio-properties-panel-tongban-countersign', 'all');
    await page.waitForSelector('[data-group-id="group-multiInstance"]');
    await page.fill('#bio-properties-panel-tongban-decision-variable', 'approved');
    // the Zeebe condition of the approving flow (a FEEL editor)
    await select(page, 'to-cooling-off');
    await openGroup(page, 'condition');
    await page.click('[data-entry-id=conditionExpression] [contenteditable]');
    await page.keyboard.type('approved = true');
    // the timer of the cooling-off period
    await select(page, 'cooling-off');
    await openGroup(page, 'timer');
    await page.selectOption('#bio-properties-panel-timerEventDefinitionType', 'timeDuration');
    await page.fill('#bio-properties-panel-timerEventDefinitionValue', 'P3D');
    await page.keyboard.press('Tab');
    await select(page, 'received');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'designer-countersign.png') });
    await page.click('[data-action=deploy]');

    // then: deployed, with what the panel set
    const result = await page.waitForSelector('.deploy-result, .problems');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'designer-countersign-deployed.png') });
    expect(await result.textContent()).toContain(`${key} v1`);
    const deployed = await latestXml(key);
    expect(deployed?.version).toBe(1);
    const xml = deployed!.xml;
    expect(xml).toMatch(/<bpmn:userTask id="joint-review"[^>]*tongban:department="health"/);
    expect(xml).toMatch(/<bpmn:multiInstanceLoopCharacteristics>[\s\S]*<zeebe:loopCharacteristics inputCollection="=signers" inputElement="signer" \/>/);
    expect(xml).toMatch(/<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approved = true<\/bpmn:conditionExpression>/);
    expect(xml).toMatch(/<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D<\/bpmn:timeDuration>/);

    // and the engine runs it: one inner task per signer
    const started = await app.http.post('/api/v1/process-instances').set('X-API-Key', app.apiKey)
      .send({ processKey: key, businessKey: uniqueKey('countersign-case'), variables: { signers: ['clerk.health', 'supervisor'] } });
    expect(started.status).toBe(201);
    await untilSettled(app);
    const tasks = await app.http.get('/api/v1/tasks').query({ processInstanceId: started.body.id, state: 'open' }).set('Authorization', `Bearer ${await app.token('admin')}`);
    expect(tasks.body.items.map((task: { elementId?: string; elementKey?: string }) => task.elementId ?? task.elementKey)).toEqual(['joint-review', 'joint-review']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lint marks an unknown department in the browser and blocks the deployment; the server refuses it too', async () => {
    // given
    const key = uniqueKey('designer-lint');
    const xml = complete(SKELETON.replaceAll('countersign-skeleton', key)).replace('<bpmn:userTask id="joint-review" name="联合审查" />', '<bpmn:userTask id="joint-review" name="联合审查" tongban:department="no-such-bureau" />');
    const { page } = await openInDesigner(xml, 'unknown-department.bpmn');

    // then: the lint overlay marks the task
    await page.waitForSelector('.djs-overlay[data-container-id="joint-review"] .bjsl-icon-error, .djs-overlays[data-container-id="joint-review"] .bjsl-icon-error');

    // when
    await page.click('[data-action=deploy]');

    // then: the problem names the rule and the element, and nothing was deployed
    const problem = await page.waitForSelector('.problems li[data-rule="tongban/known-department"][data-element-id="joint-review"]');
    expect(await problem.textContent()).toContain('no-such-bureau');
    await page.waitForSelector('g.djs-element.selected[data-element-id="joint-review"]');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'designer-lint.png') });
    expect(await latestXml(key)).toBeUndefined();

    // and at deploy on the server
    const refused = await app.http.post('/api/v1/deployments').set('Authorization', `Bearer ${await app.token('designer')}`)
      .send({ name: 'lint', resources: [{ name: 'unknown.bpmn', content: xml }] });
    expect(refused.status).toBe(400);
    expect(refused.body.details.problems).toEqual([expect.objectContaining({ rule: 'tongban/known-department', elementId: 'joint-review' })]);
    await page.context().close();
  });

  it('compares two versions of a process and marks what was added and changed', async () => {
    // given: two versions, the second with a changed department and a new step
    const key = uniqueKey('designer-diff');
    const token = `Bearer ${await app.token('designer')}`;
    const first = complete(SKELETON.replaceAll('countersign-skeleton', key))
      .replace('<bpmn:userTask id="joint-review" name="联合审查" />', '<bpmn:userTask id="joint-review" name="联合审查" tongban:department="health" />');
    const second = first.replace('tongban:department="health"', 'tongban:department="market-regulation"')
      .replace('<bpmn:endEvent id="rejected" name="不予许可" />', '<bpmn:endEvent id="rejected" name="不予许可" />\n    <bpmn:endEvent id="withdrawn" name="撤回" />\n    <bpmn:sequenceFlow id="to-withdrawn" sourceRef="decide" targetRef="withdrawn"><bpmn:conditionExpression>=withdrawn = true</bpmn:conditionExpression></bpmn:sequenceFlow>')
      .replace('</bpmndi:BPMNPlane>', '<bpmndi:BPMNShape id="withdrawn_di" bpmnElement="withdrawn"><dc:Bounds x="602" y="292" width="36" height="36" /></bpmndi:BPMNShape><bpmndi:BPMNEdge id="to-withdrawn_di" bpmnElement="to-withdrawn"><di:waypoint x="420" y="225" /><di:waypoint x="420" y="380" /><di:waypoint x="620" y="380" /><di:waypoint x="620" y="328" /></bpmndi:BPMNEdge></bpmndi:BPMNPlane>');
    for (const content of [first, second]) {
      expect((await app.http.post('/api/v1/deployments').set('Authorization', token).send({ name: 'diff', resources: [{ name: 'diff.bpmn', content }] })).status).toBe(201);
    }
    const { page } = await openInDesigner(first, 'diff.bpmn');
    const v2 = await latestXml(key);
    expect(v2?.version).toBe(2);
    const definitions = await app.http.get('/api/v1/process-definitions').query({ key }).set('Authorization', token);
    const latestId = definitions.body.items.find((d: { version: number }) => d.version === 2).id as string;

    // when
    await page.goto(`${baseUrl}/#/designer?definition=${latestId}`);
    await page.waitForFunction((k) => document.querySelector('.source')?.textContent?.includes(`${k} v2`), key);
    await page.click('.versions li[data-version="1"] [data-action=compare]');

    // then
    await page.waitForSelector('.diff li[data-diff=changed][data-element-id="joint-review"]');
    expect(await page.isVisible('g.djs-element.tongban-diff-changed[data-element-id="joint-review"]')).toBe(true);
    expect(await page.$$eval('.diff li[data-diff=changed]', (items) => items.map((item) => item.getAttribute('data-element-id')))).toEqual(['joint-review']);
    expect(await page.$$eval('.diff li[data-diff=added]', (items) => items.map((item) => item.getAttribute('data-element-id')).sort())).toEqual(['to-withdrawn', 'withdrawn']);
    expect(await page.isVisible('g.djs-element.tongban-diff-added[data-element-id="withdrawn"]')).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'designer-diff.png') });
    await page.context().close();
  });
});
