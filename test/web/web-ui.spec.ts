import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webAppDir } from '../../apps/api/src/web/serve-web-app';
import { newCreditCode, PDF } from '../bundles/bundle-fixtures';
import { startTestApp, uniqueKey, type TestApp } from '../support/test-app';

/**
 * The browser UI served by the real api, driven in headless Chromium: designer, inbox, monitor.
 * No API mocks; screenshots of each page land in .tmp/web-screenshots.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.resolve(__dirname, '../../.tmp/web-screenshots');
const PROCESS_KEY = 'three-department-approval';

jest.setTimeout(90_000);

describe('web UI in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing; the browser specs need it: apt-get update && apt-get install -y chromium`);
    }
    if (!webAppDir()) throw new Error('the web UI is not built (dist/web/index.html missing): run `npm run build:web`');
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    const deployed = await app.http.post('/api/v1/deployments').set('Authorization', `Bearer ${await app.token('designer')}`)
      .send({ name: 'web-ui spec', resources: [{ name: `${PROCESS_KEY}.bpmn`, content: readFileSync(path.resolve(__dirname, `../../workflows/processes/${PROCESS_KEY}.bpmn`), 'utf8') }] });
    expect(deployed.status).toBe(201);
    baseUrl = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser context signed in as `username` through the login form. */
  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', username);
    await page.click('button[type=submit]');
    await page.waitForSelector('.app-header .user');
    expect(errors).toEqual([]);
    return page;
  }

  async function startCase(businessKey: string): Promise<string> {
    const response = await app.http.post('/api/v1/process-instances').set('X-API-Key', app.apiKey)
      .send({ processKey: PROCESS_KEY, businessKey, variables: { seats: 80 } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function openTask(instanceId: string, clerk: string): Promise<string> {
    const token = await app.token(clerk);
    for (let attempt = 0; attempt < 50; attempt++) {
      const response = await app.http.get('/api/v1/tasks').query({ processInstanceId: instanceId, state: 'open' }).set('Authorization', `Bearer ${token}`);
      if (response.body.items?.[0]) return response.body.items[0].id as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no open task of ${clerk} for instance ${instanceId}`);
  }

  describe('designer', () => {
    /** Selects an element on the canvas and opens the Tongban group of the properties panel. */
    async function selectWithTongban(page: Page, elementId: string): Promise<void> {
      await page.click(`g.djs-element[data-element-id="${elementId}"] .djs-hit`, { force: true });
      await page.waitForSelector(`g.djs-element.selected[data-element-id="${elementId}"]`);
      const header = page.locator('[data-group-id="group-tongban"] .bio-properties-panel-group-header');
      if (!(await header.getAttribute('class'))?.includes('open')) await header.click();
    }

    it('shows the diagram of three-department-approval with the Tongban properties', async () => {
      // given
      const page = await signIn('designer');

      // when
      await page.waitForSelector('.source[data-loaded=true]');

      // then
      expect(await page.textContent('.source')).toContain(PROCESS_KEY);
      for (const id of ['food-licence', 'signboard-permit', 'fire-inspection', 'fork', 'join']) {
        expect(await page.isVisible(`[data-testid=designer-canvas] g.djs-element[data-element-id="${id}"]`)).toBe(true);
      }
      await selectWithTongban(page, 'fire-inspection');
      expect(await page.inputValue('#bio-properties-panel-tongban-department')).toBe('fire-rescue');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'designer.png') });
      await page.context().close();
    });

    it('shows the problems of a broken edit and selects the element they name', async () => {
      // given
      const page = await signIn('designer');
      await page.waitForSelector('.source[data-loaded=true]');
      await selectWithTongban(page, 'fire-inspection');
      await page.fill('#bio-properties-panel-tongban-time-limit-days', '-3');
      await page.press('#bio-properties-panel-tongban-time-limit-days', 'Tab');
      await page.click('g.djs-element[data-element-id="received"] .djs-hit', { force: true });

      // when
      await page.click('[data-action=deploy]');

      // then
      const problem = await page.waitForSelector('.problems li[data-element-id="fire-inspection"]');
      expect(await problem.textContent()).toContain('timeLimitDays');
      await page.waitForSelector('g.djs-element.selected[data-element-id="fire-inspection"]');
      expect(await page.$$eval('g.djs-element.selected', (elements) => elements.map((e) => e.getAttribute('data-element-id')))).toEqual(['fire-inspection']);
      expect(await page.isVisible('g.djs-element.tongban-problem[data-element-id="fire-inspection"]')).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'designer-problems.png') });
      await page.context().close();
    });

    it('deploys the edited diagram as a new process with a department picked in the properties panel', async () => {
      // given
      const key = uniqueKey('web-designer');
      const page = await signIn('designer');
      await page.waitForSelector('.source[data-loaded=true]');
      const canvas = (await page.locator('[data-testid=designer-canvas] svg').first().boundingBox())!;
      await page.mouse.click(canvas.x + canvas.width - 40, canvas.y + 40);
      const general = page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header');
      if (!(await general.getAttribute('class'))?.includes('open')) await general.click();
      await page.fill('#bio-properties-panel-id', key);
      await page.press('#bio-properties-panel-id', 'Tab');
      await selectWithTongban(page, 'signboard-permit');
      await page.selectOption('#bio-properties-panel-tongban-department', 'health');

      // when
      await page.click('[data-action=deploy]');

      // then
      const result = await page.waitForSelector('.deploy-result');
      expect(await result.textContent()).toContain(`${key} v1`);
      const token = await app.token('designer');
      const definitions = await app.http.get('/api/v1/process-definitions').query({ key }).set('Authorization', `Bearer ${token}`);
      expect(definitions.body.total).toBe(1);
      const detail = await app.http.get(`/api/v1/process-definitions/${definitions.body.items[0].id}`).set('Authorization', `Bearer ${token}`);
      expect(detail.body.xml).toMatch(/id="signboard-permit"[^>]*tongban:department="health"|tongban:department="health"[^>]*id="signboard-permit"/);
      await page.context().close();
    });
  });

  describe('inbox and monitor', () => {
    const businessKey = uniqueKey('web-case');
    let instanceId: string;
    let fireTaskId: string;

    beforeAll(async () => {
      instanceId = await startCase(businessKey);
      fireTaskId = await openTask(instanceId, 'clerk.fire-rescue');
    });

    it('lists the case in the clerk inbox; completing the task takes it out of the inbox', async () => {
      // given
      const page = await signIn('clerk.fire-rescue');
      const row = await page.waitForSelector(`tr[data-task-id="${fireTaskId}"]`);

      // when
      await row.click();
      await page.waitForSelector(`[data-testid=task-detail][data-task-id="${fireTaskId}"] [data-action=approve]`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox.png') });
      await page.click('[data-action=approve]');

      // then
      await page.waitForSelector('[data-testid=task-detail] .notice-ok');
      await page.waitForSelector(`tr[data-task-id="${fireTaskId}"]`, { state: 'detached' });
      const token = await app.token('clerk.fire-rescue');
      const task = await app.http.get(`/api/v1/tasks/${fireTaskId}`).set('Authorization', `Bearer ${token}`);
      expect(task.body).toMatchObject({ state: 'completed', completedBy: 'clerk.fire-rescue', decision: 'approve' });
      const instance = await app.http.get(`/api/v1/process-instances/${instanceId}`).set('X-API-Key', app.apiKey);
      expect(instance.body.variables).toMatchObject({ fireDecision: 'approve' });
      await page.context().close();
    });

    it('shows the instance to the supervisor with its active elements highlighted', async () => {
      // given
      const page = await signIn('supervisor');
      await page.waitForSelector('.page-monitor');

      // when
      await page.fill('input[name=businessKey]', businessKey);
      await page.press('input[name=businessKey]', 'Enter');
      await page.click(`tr[data-instance-id="${instanceId}"]`);
      await page.waitForSelector('[data-testid=instance-diagram][data-rendered=true]');

      // then
      const active = await page.$$eval('[data-testid=instance-diagram] g.djs-element.tongban-active', (elements) => elements.map((e) => e.getAttribute('data-element-id')).sort());
      const instance = await app.http.get(`/api/v1/process-instances/${instanceId}`).set('X-API-Key', app.apiKey);
      expect(active).toEqual([...instance.body.activeElementIds].sort());
      expect(active).toEqual(expect.arrayContaining(['food-licence', 'signboard-permit']));
      expect(active).not.toContain('fire-inspection');
      expect(await page.isVisible('[data-testid=instance-diagram] g.djs-element.tongban-done[data-element-id="fire-inspection"]')).toBe(true);
      expect(await page.textContent('table.history')).toContain('clerk.fire-rescue');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'monitor.png') });
      await page.context().close();
    });
  });

  describe('a bundle step in the inbox', () => {
    const STEP = 'Task_SH_SCJG_001_approve';
    let instanceId: string;

    beforeAll(async () => {
      const creditCode = newCreditCode();
      const company = '上海小笼包餐饮有限公司';
      const licence = await app.http.post('/api/v1/certificates').set('X-API-Key', app.apiKey).send({
        type: 'business-licence', number: `BL${creditCode.slice(-9)}`, issuer: '上海市市场监督管理局', issuedAt: '2024-03-01T09:00:00+08:00', validUntil: '2044-02-29',
        holder: { codeType: '001', code: creditCode, name: company }, data: { companyName: company, creditCode },
      });
      expect(licence.status).toBe(201);
      const plan = await app.http.post('/api/v1/attachments').set('X-API-Key', app.apiKey).attach('file', PDF, '平面图.pdf');
      expect(plan.status).toBe(201);
      const materials = [['SH-SCJG-001', '法定代表人身份证明'], ['SH-SCJG-001', '经营场所平面布局图'], ['SH-LHSR-014', '招牌设计效果图'], ['SH-XF-003', '消防安全制度'], ['SH-XF-003', '场所平面图']]
        .map(([item, name]) => ({ item, name, attachmentId: plan.body.id }));
      const form = {
        'company.name': company, 'company.creditCode': creditCode, 'company.legalRepresentative': '王小明', 'premises.address': '上海市黄浦区南京东路100号',
        'premises.areaM2': 120, 'food.categories': ['热食类', '冷食类'], 'food.hasColdDishes': true, 'applicant.name': '王小明', 'applicant.phone': '13800138000',
        'signboard.text': '小笼包', 'signboard.areaM2': 6, 'fire.seats': 60,
      };
      const submitted = await app.http.post('/api/v1/applications').set('X-API-Key', app.apiKey).send({
        bundleCode: 'open-restaurant', applicant: { type: 'company', code: creditCode, name: company }, form, materials, deferred: [{ item: 'SH-SCJG-001', name: '食品安全管理制度' }],
      });
      expect(submitted.status).toBe(201);
      instanceId = submitted.body.processInstanceId as string;
    });

    it("shows the clerk only the step's fields, its materials and certificates", async () => {
      // given
      const taskId = await openTask(instanceId, 'clerk.market-regulation');
      const page = await signIn('clerk.market-regulation');

      // when
      await page.click(`tr[data-task-id="${taskId}"]`);
      await page.waitForSelector('[data-testid=task-detail] [data-section=fields]');

      // then
      const fieldKeys = await page.$$eval('[data-section=fields] tbody tr', (rows) => rows.map((row) => row.getAttribute('data-key')));
      expect(fieldKeys).toEqual(expect.arrayContaining(['company.name', 'food.categories']));
      expect(fieldKeys).not.toContain('fire.seats');
      expect(fieldKeys).not.toContain('signboard.text');
      expect(await page.textContent('[data-section=fields]')).toContain('热食类');
      expect(await page.textContent('[data-section=materials]')).toContain('营业执照');
      expect(await page.textContent('[data-section=certificates]')).toContain(`BL`);
      expect(await page.getAttribute('[data-testid=task-detail]', 'data-task-id')).toBe(taskId);
      const task = await app.http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${await app.token('clerk.market-regulation')}`);
      expect(task.body.elementId).toBe(STEP);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox-bundle-step.png') });
      await page.context().close();
    });
  });

  it('lists the bundles with their savings', async () => {
    // given
    const page = await signIn('supervisor');

    // when
    await page.goto(`${baseUrl}/#/bundles`);

    // then
    await page.waitForSelector('.bundle-card table.savings');
    expect(await page.$$eval('.bundle-card', (cards) => cards.map((card) => card.getAttribute('data-bundle')))).toEqual(expect.arrayContaining(['new-baby', 'open-restaurant']));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'bundles.png') });
    await page.context().close();
  });
});
