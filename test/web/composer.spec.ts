import type { Page } from 'playwright-core';
import { startTestApp, uniqueKey, type TestApp } from '../support/test-app';
import { screenshot, seriousViolations, WebUi } from './browser';

/**
 * The bundle composer (一件事编排) and the designer it hands over to, in headless Chromium against
 * the real api: items picked from the catalogue with the merged form and savings following, the
 * process generated, refined and deployed from the designer, and the designer keeping unsaved work
 * across a language switch and before an in-app navigation. Screenshots land in .tmp/web-screenshots.
 */
jest.setTimeout(240_000);

describe('bundle composer in headless Chromium', () => {
  let app: TestApp;
  const ui = new WebUi();

  beforeAll(async () => {
    app = await startTestApp();
    await ui.start(app);
  }, 120_000);

  afterAll(async () => {
    await ui.close();
    await app?.close();
  });

  /** The figure of one savings row: `before`, `after` or `saved`. */
  async function figure(page: Page, metric: string, column: 'before' | 'after' | 'saved'): Promise<number> {
    return Number(await page.textContent(`[data-testid=composer-savings] tr[data-metric=${metric}] td[data-value=${column}]`));
  }

  async function pick(page: Page, search: string, item: string, expectedItems: string): Promise<void> {
    await page.fill('input[name=item-search]', search);
    await page.click(`button[data-action=add-item][data-item="${item}"]`);
    await page.waitForSelector(`[data-testid=composer-preview][data-items="${expectedItems}"][aria-busy=false]`);
  }

  it('a composer session from items to deployed bundle', async () => {
    // given
    const code = uniqueKey('bakery').toLowerCase().replace(/[^a-z0-9-]/g, '-');
    const page = await ui.signIn('designer');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.click('.app-header nav a[data-page=composer]');
    await page.waitForSelector('button[data-action=add-item][data-item="SH-SCJG-001"]');

    // when: one item found by its code, then one found by its department
    await pick(page, 'SH-SCJG-001', 'SH-SCJG-001', 'SH-SCJG-001');
    const oneItem = { fields: await figure(page, 'fieldsOnce', 'before'), visits: await figure(page, 'visitsBundle', 'before') };
    await page.fill('input[name=item-search]', 'fire-rescue');
    expect(await page.$('button[data-action=add-item][data-item="SH-SCJG-001"]')).toBeNull();
    await pick(page, 'fire-rescue', 'SH-XF-003', 'SH-SCJG-001,SH-XF-003');

    // then: the savings and the merged form follow the selection
    expect(oneItem.visits).toBe(1);
    expect(await figure(page, 'visitsBundle', 'before')).toBe(2);
    expect(await figure(page, 'visitsBundle', 'saved')).toBe(1);
    expect(await figure(page, 'fieldsOnce', 'before')).toBeGreaterThan(oneItem.fields);
    expect(await figure(page, 'fieldsOnce', 'saved')).toBeGreaterThan(0);
    expect(await page.$$eval('[data-testid=composer-departments] [data-department]', (tags) => tags.map((tag) => tag.getAttribute('data-department')))).toEqual(
      expect.arrayContaining(['market-regulation', 'fire-rescue']));
    expect(await page.textContent('[data-testid=merged-form]')).toContain('fire.seats');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'composer-two-items');

    // when: removing an item takes its figures away again; adding it back restores them
    await page.click('button[data-action=remove-item][data-item="SH-XF-003"]');
    await page.waitForSelector('[data-testid=composer-preview][data-items="SH-SCJG-001"][aria-busy=false]');
    expect(await figure(page, 'visitsBundle', 'before')).toBe(1);
    await pick(page, 'fire-rescue', 'SH-XF-003', 'SH-SCJG-001,SH-XF-003');

    // when: generated, opened in the designer and deployed from there
    await page.fill('#bundle-code', code);
    await page.fill('#bundle-name', '我要开面包店');
    await page.click('button[data-action=generate]');
    await page.waitForSelector(`[data-testid=composer-generated][data-process-key="bundle-${code}"]`);
    await page.click('button[data-action=refine]');
    await page.waitForFunction((name) => document.querySelector('.source')?.textContent?.includes(name) ?? false, '我要开面包店');
    await page.waitForSelector('g.djs-element[data-element-id="Task_SH_XF_003_approve"]');
    await screenshot(page, 'composer-in-designer');
    await page.click('[data-action=deploy]');
    const result = await page.waitForSelector('.deploy-result, .problems');

    // then: deployed, and the bundle record follows the deployed process
    expect(await result.textContent()).toContain(`bundle-${code} v1`);
    const token = `Bearer ${await app.token('designer')}`;
    const listed = await app.http.get('/api/v1/bundles').set('Authorization', token);
    const bundle = listed.body.items.find((b: { code: string }) => b.code === code);
    expect(bundle).toMatchObject({ code, name: '我要开面包店', items: ['SH-SCJG-001', 'SH-XF-003'], deployed: { version: 1 } });
    expect(bundle.departments).toEqual(expect.arrayContaining(['market-regulation', 'fire-rescue']));
    expect(bundle.savings).toMatchObject({ visitsSeparately: 2, visitsBundle: 1 });
    expect(ui.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('the designer keeps an unsaved edit across the language switch and asks before a navigation drops it', async () => {
    // given: a bundle's process opened in the designer with its name changed in the properties panel
    const page = await ui.signIn('designer');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.goto(`${ui.baseUrl}/#/designer?bundle=open-restaurant`);
    await page.waitForSelector('g.djs-element[data-element-id="Task_SH_XF_003_approve"]');
    const canvas = (await page.locator('[data-testid=designer-canvas] svg').first().boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width - 40, canvas.y + 40);
    await page.click('g.djs-element[data-element-id="Task_SH_XF_003_approve"] .djs-hit', { force: true });
    await page.waitForSelector('g.djs-element.selected[data-element-id="Task_SH_XF_003_approve"]', { state: 'attached' });
    const general = page.locator('[data-group-id="group-general"] .bio-properties-panel-group-header');
    if (!(await general.getAttribute('class'))?.includes('open')) await general.click();
    await page.fill('#bio-properties-panel-name', '消防安全检查（修订）');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('[data-testid=designer-canvas]')?.textContent?.includes('消防安全检查（修订）') ?? false);
    const zhDeploy = await page.textContent('[data-action=deploy]');

    // when: the language changes
    await page.click('[data-action=language]');
    await page.waitForFunction((before) => document.querySelector('[data-action=deploy]')?.textContent !== before, zhDeploy);

    // then: the designer speaks English and still holds the edit
    expect(await page.textContent('[data-action=deploy]')).toMatch(/deploy/i);
    await page.waitForFunction(() => document.querySelector('[data-testid=designer-canvas]')?.textContent?.includes('消防安全检查（修订）') ?? false);
    await screenshot(page, 'designer-english-unsaved');

    // when: the user follows a link to another page and answers "stay"
    await page.click('.app-header nav a[data-page=bundles]');

    // then: asked once, still in the designer with the edit
    await page.waitForFunction(() => location.hash.startsWith('#/designer'));
    expect(asked).toEqual(['confirm']);
    expect(await page.$('[data-testid=designer-canvas]')).not.toBeNull();
    expect(await page.textContent('[data-testid=designer-canvas]')).toContain('消防安全检查（修订）');
    expect(ui.pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('renders the composer in English, labelled and without serious axe violations', async () => {
    // given
    const page = await ui.signIn('designer');
    await page.click('[data-action=language]');
    await page.click('.app-header nav a[data-page=composer]');
    await page.waitForSelector('button[data-action=add-item][data-item="SH-LHSR-014"]');

    // when
    await pick(page, 'SH-LHSR-014', 'SH-LHSR-014', 'SH-LHSR-014');

    // then
    expect(await page.textContent('#composer-catalogue-title')).toBe('Service catalogue');
    expect(await page.textContent('[data-testid=composer-savings] tr[data-metric=visitsBundle] th')).toBe('Visits');
    expect(await page.getAttribute('button[data-action=add-item][data-item="SH-LHSR-014"]', 'aria-label')).toMatch(/^Add item /);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'composer-english');
    expect(ui.pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
