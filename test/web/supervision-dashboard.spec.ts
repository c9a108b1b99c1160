import { TestClock } from '@tongban/runtime';
import type { Page } from 'playwright-core';
import { BundleClient, newCreditCode } from '../bundles/bundle-fixtures';
import { advanceClock } from '../support/advance-clock';
import { ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { screenshot, seriousViolations, WebUi } from './browser';

const DAY = 24 * 3600 * 1000;
/** Tuesday 13 October 2026, 12:00–14:00 Beijing time: the signboard item (招牌) turns yellow on Monday 19 October. */
const ACCEPTED = new Date(Date.parse('2026-10-13T04:00:00.000Z') + Math.floor(Math.random() * 7200) * 1000).toISOString();
const PERIOD = { from: '2026-10-13T00:00:00+08:00', to: '2026-10-14T00:00:00+08:00' };

interface StatsGroup { key: string; tasks: number; onTimeRate: number | null; yellow: number; red: number; overdue: number; unansweredDirectives: number }

/** The supervision dashboard (电子监察) in headless Chromium, against figures of a seeded open-restaurant case. */
jest.setTimeout(180_000);

describe('supervision dashboard in headless Chromium', () => {
  const clock = new TestClock(ACCEPTED);
  let app: TestApp;
  let api: ApiClient;
  const ui = new WebUi();
  let applicationId: string;
  let creditCode: string;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    api = new ApiClient(app);
    await ui.start(app);
    // an open-restaurant case whose fire item is approved at once; six days on, the signboard item is yellow
    const b = new BundleClient(app, api);
    creditCode = newCreditCode();
    await b.registerBusinessLicence(creditCode);
    const { response } = await b.submitRestaurant(creditCode);
    expect(response.status).toBe(201);
    applicationId = response.body.id as string;
    const processInstanceId = response.body.processInstanceId as string;
    const tasks = await b.openTasks(processInstanceId, ['Task_SH_SCJG_001_approve', 'Task_SH_LHSR_014_approve', 'Task_SH_XF_003_approve']);
    expect((await app.http.post(`/api/v1/tasks/${tasks.Task_SH_XF_003_approve.id}/complete`).set('Authorization', await api.as('clerk.fire-rescue')).send({ decision: 'approve' })).status).toBe(200);
    await advanceClock(app, 6 * DAY);
  });

  afterAll(async () => {
    await ui.close();
    await app?.close();
  });

  /** A department's name as the dashboard shows it. */
  const departmentName = async (code: string): Promise<string> =>
    ((await app.http.get('/api/v1/departments').set('Authorization', await api.as('supervisor'))).body.items as { code: string; name: string }[]).find((d) => d.code === code)!.name;

  const stats = async (): Promise<StatsGroup[]> =>
    (await app.http.get('/api/v1/supervision/stats').query({ groupBy: 'department', ...PERIOD }).set('Authorization', await api.as('supervisor'))).body.groups;

  /** Pages through the warned cases until the row of `id` shows. */
  async function findCase(page: Page, id: string): Promise<void> {
    for (let turn = 0; turn < 50; turn++) {
      if (await page.$(`.supervised-cases [data-application-id="${id}"]`)) return;
      const next = await page.$('[data-section=cases] .pager .btn-next:not([disabled])');
      if (!next) break;
      await next.click();
      await page.waitForTimeout(200);
    }
    await page.waitForSelector(`.supervised-cases [data-application-id="${id}"]`, { timeout: 2000 });
  }

  it("renders the period's figures as charts with text alternatives and as a table, and lists the yellow case", async () => {
    // given
    const page = await ui.signIn('supervisor');
    await page.waitForSelector('.app-header [data-page=supervision]');

    // when
    await page.evaluate(() => { location.hash = '#/supervision?from=2026-10-13&to=2026-10-13'; });
    await page.waitForSelector('.page-supervision[data-loaded=true] [data-testid=chart-warnings][data-rendered=true]');

    // then the table and the charts' texts show the same figures as the API
    const groups = await stats();
    const city = groups.find((group) => group.key === 'city-appearance')!;
    const fire = groups.find((group) => group.key === 'fire-rescue')!;
    expect(city.yellow).toBeGreaterThanOrEqual(1);
    expect(fire.onTimeRate).not.toBeNull();
    await page.waitForSelector('.stats-table [data-group=city-appearance]');
    expect(await page.textContent('.stats-table .group-city-appearance [data-cell=yellow]')).toBe(String(city.yellow));
    expect(await page.textContent('.stats-table .group-fire-rescue [data-cell=onTimeRate]')).toBe(`${Math.round(fire.onTimeRate! * 1000) / 10}%`);
    const warningsText = await page.getAttribute('[data-testid=chart-warnings]', 'aria-label');
    expect(warningsText).toContain(`${await departmentName('city-appearance')} 黄牌 ${city.yellow}, 红牌 ${city.red}, 超期 ${city.overdue}`);
    expect(await page.getAttribute('[data-testid=chart-on-time]', 'role')).toBe('img');
    expect(await page.getAttribute('[data-testid=chart-on-time]', 'aria-label')).toContain(`${await departmentName('fire-rescue')} ${Math.round(fire.onTimeRate! * 1000) / 10}%`);
    expect(await page.$$('[data-testid=chart-warnings] svg path')).not.toHaveLength(0);
    expect(await page.textContent('.figures [data-figure=tasks] dd')).toBe(String(groups.reduce((sum, group) => sum + group.tasks, 0)));

    // when the warned cases are narrowed to yellow ones of city appearance
    await page.click('[data-section=cases] [data-status=yellow]');
    await page.fill('input[name=department]', 'city-appearance');
    await page.press('input[name=department]', 'Enter');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.supervised-cases tbody tr')).every((row) => row.classList.contains('case-yellow')));

    // then the seeded case is listed with its credit code
    await findCase(page, applicationId);
    const row = page.locator('.supervised-cases tr', { has: page.locator(`[data-application-id="${applicationId}"]`) });
    expect(await row.locator('.applicant').textContent()).toContain(creditCode);
    expect(await seriousViolations(page)).toEqual([]);
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'supervision-dashboard');
    await page.context().close();
  });

  it('issues a 督办 directive to the department from the warned case, counted unanswered in the figures', async () => {
    // given
    const page = await ui.signIn('supervisor');
    await page.evaluate(() => { location.hash = '#/supervision?from=2026-10-13&to=2026-10-13'; });
    await page.waitForSelector('.page-supervision[data-loaded=true]');
    await page.click('[data-section=cases] [data-status=yellow]');
    await findCase(page, applicationId);
    const before = (await stats()).find((group) => group.key === 'city-appearance')!.unansweredDirectives;

    // when
    await page.click(`.supervised-cases [data-action=direct][data-application-id="${applicationId}"]`);
    await page.waitForSelector('.directive-dialog textarea[name=comment]');
    await page.click('.directive-dialog [data-action=confirm]');
    await page.waitForSelector('.directive-dialog .directive-error');
    await page.click('.directive-dialog .el-select');
    await page.click(`.el-select-dropdown__item:has-text("${await departmentName('city-appearance')}")`);
    await page.fill('.directive-dialog textarea[name=comment]', '请说明进度并按时办结。');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'supervision-directive-dialog');
    await page.click('.directive-dialog [data-action=confirm]');

    // then the department got the directive and the figures count it
    await page.waitForSelector('.page-supervision .notice-ok');
    expect(await page.textContent('.page-supervision .notice-ok')).toContain(await departmentName('city-appearance'));
    expect(await page.textContent('.supervised-cases')).toContain(await departmentName('city-appearance'));
    const directives = (await app.http.get('/api/v1/directives').query({ applicationId }).set('Authorization', await api.as('supervisor'))).body.items;
    expect(directives).toEqual([expect.objectContaining({ department: 'city-appearance', comment: '请说明进度并按时办结。', replyWithinDays: 2, state: 'open', createdBy: 'supervisor' })]);
    await page.waitForFunction((count) => document.querySelector('.stats-table .group-city-appearance [data-cell=unansweredDirectives]')?.textContent === String(count), before + 1);

    // when the language is switched, the dashboard speaks English
    await page.click('[data-action=language]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('[data-chart=on-time] figcaption')).toBe('On-time rate');
    expect(await page.getAttribute('[data-testid=chart-warnings]', 'aria-label')).toContain(`${await departmentName('city-appearance')} Yellow`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'supervision-dashboard-en');
    await page.context().close();
  });

  it("shows the directive above the department's inbox, and the clerk's reply answers it", async () => {
    // given the directive of the previous story, open for city appearance
    const [directive] = (await app.http.get('/api/v1/directives').query({ applicationId, state: 'open' }).set('Authorization', await api.as('supervisor'))).body.items as { id: string }[];
    expect(directive).toBeDefined();
    const page = await ui.signIn('clerk.city-appearance');
    await page.waitForSelector(`.page-inbox .directives [data-directive-id="${directive.id}"]`);
    expect(await page.textContent(`.directives [data-directive-id="${directive.id}"] .directive-comment`)).toBe('请说明进度并按时办结。');
    expect(await seriousViolations(page)).toEqual([]);

    // when
    await page.click(`.directives [data-directive-id="${directive.id}"] [data-action=reply-directive]`);
    await page.fill('.directive-reply-dialog textarea[name=reply]', '已安排现场核查，明日办结。');
    await page.click('.directive-reply-dialog [data-action=confirm]');

    // then
    await page.waitForSelector('.page-inbox .directive-replied');
    await page.waitForSelector(`.directives [data-directive-id="${directive.id}"]`, { state: 'detached' });
    const answered = (await app.http.get('/api/v1/directives').query({ applicationId }).set('Authorization', await api.as('supervisor'))).body.items as { id: string }[];
    expect(answered.find((item) => item.id === directive.id)).toMatchObject({ state: 'answered', reply: '已安排现场核查，明日办结。', repliedBy: 'clerk.city-appearance' });
    expect(ui.pageErrors(page)).toEqual([]);
    await screenshot(page, 'inbox-directive-replied');
    await page.context().close();
  });
});
