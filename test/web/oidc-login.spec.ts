import { randomBytes } from 'node:crypto';
import { freePort, startTestProvider } from '../security/support/oidc-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { screenshot, seriousViolations, WebUi } from './browser';

const run = randomBytes(3).toString('hex');
/** The redirect URI registered at the provider; the browser's requests to it are sent on to the test app's port. */
const REGISTERED = 'http://127.0.0.1:3998';
const CLIENT = { id: 'tongban-web', secret: `web-secret-${run}`, redirectUri: `${REGISTERED}/api/v1/auth/oidc/callback` };
const ACCOUNT = { sub: `web-${run}`, login: 'zhou', password: 'zhou-pw', claims: { preferred_username: `oidc.zhou.${run}`, name: '周七', department: 'market-regulation', roles: ['clerk'] } };

describe('signing in through the identity provider in headless Chromium', () => {
  let app: TestApp;
  let provider: { issuer: string; stop: () => Promise<void> };
  const ui = new WebUi();

  beforeAll(async () => {
    // given: a provider with one clerk, and Tongban configured for it
    provider = await startTestProvider(await freePort(), CLIENT, [ACCOUNT]);
    Object.assign(process.env, {
      TONGBAN_OIDC_ISSUER: provider.issuer, TONGBAN_OIDC_CLIENT_ID: CLIENT.id, TONGBAN_OIDC_CLIENT_SECRET: CLIENT.secret,
      TONGBAN_OIDC_REDIRECT_URI: CLIENT.redirectUri, TONGBAN_OIDC_SCOPES: 'openid profile tongban',
    });
    app = await startTestApp();
    await ui.start(app);
  });

  afterAll(async () => {
    await ui.close();
    await app?.close();
    await provider?.stop();
    for (const name of ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'REDIRECT_URI', 'SCOPES']) delete process.env[`TONGBAN_OIDC_${name}`];
  });

  it("offers 统一身份认证登录, signs in at the provider's form and comes back signed in", async () => {
    // given
    const page = await ui.open();
    await page.route(`${REGISTERED}/**`, (route) => {
      const target = new URL(route.request().url());
      return route.fulfill({ status: 302, headers: { location: `${ui.baseUrl}${target.pathname}${target.search}` } });
    });
    const button = page.locator('[data-action=oidc-login]');
    await button.waitFor();
    expect(await button.textContent()).toContain('统一身份认证登录');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login-with-oidc');

    // when
    await button.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.fill('input[name=login]', ACCOUNT.login);
    await page.fill('input[name=password]', ACCOUNT.password);
    await page.click('button');
    await page.waitForSelector('.app-header .user');

    // then
    expect(await page.textContent('.app-header .user')).toBe(`oidc.zhou.${run} · market-regulation`);
    expect(page.url()).not.toContain('oidc_ticket');
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tongban.session') ?? 'null') as { user: { roles: string[] } } | null);
    expect(stored?.user.roles).toEqual(['clerk']);
    expect(ui.pageErrors(page)).toEqual([]);
  });
});
