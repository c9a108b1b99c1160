import { randomBytes } from 'node:crypto';
import { BundleClient, JPEG, newCitizenId } from '../bundles/bundle-fixtures';
import { useTestApp } from '../support/use-test-app';
import { freePort, ProviderBrowser, startTestProvider, type TestAccount } from './support/oidc-fixtures';

const run = randomBytes(3).toString('hex');
const CLIENT = { id: 'tongban', secret: `client-secret-${run}`, redirectUri: 'http://127.0.0.1:3999/api/v1/auth/oidc/callback' };
const APPLICANT_CODE = newCitizenId('19910412');

/** The provider's accounts: a clerk, an applicant, someone of a department Tongban lacks, a clerk about to be disabled. */
const ACCOUNTS: TestAccount[] = [
  { sub: `staff-${run}`, login: 'li', password: 'li-pw', claims: { preferred_username: `oidc.li.${run}`, name: '李四', department: 'market-regulation', roles: ['approver'] } },
  { sub: `applicant-${run}`, login: 'zhao', password: 'zhao-pw', claims: { preferred_username: `oidc.zhao.${run}`, name: '赵六', applicant_code: APPLICANT_CODE } },
  { sub: `stranger-${run}`, login: 'qian', password: 'qian-pw', claims: { preferred_username: `oidc.qian.${run}`, department: 'no-such-bureau', roles: ['clerk'] } },
  { sub: `leaver-${run}`, login: 'sun', password: 'sun-pw', claims: { preferred_username: `oidc.sun.${run}`, department: 'health', roles: 'clerk' } },
];

describe('single sign-on through an OpenID Connect provider', () => {
  let port: number;
  let provider: { issuer: string; stop: () => Promise<void> } | undefined;

  // given: Tongban configured for a provider that is not up yet
  beforeAll(async () => {
    port = await freePort();
    Object.assign(process.env, {
      TONGBAN_OIDC_ISSUER: `http://127.0.0.1:${port}`, TONGBAN_OIDC_CLIENT_ID: CLIENT.id, TONGBAN_OIDC_CLIENT_SECRET: CLIENT.secret,
      TONGBAN_OIDC_REDIRECT_URI: CLIENT.redirectUri, TONGBAN_OIDC_SCOPES: 'openid profile tongban', TONGBAN_OIDC_ROLE_MAP: 'approver:clerk',
    });
  });
  const { t, api } = useTestApp();
  afterAll(async () => {
    await provider?.stop();
    for (const name of ['ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'REDIRECT_URI', 'SCOPES', 'ROLE_MAP']) delete process.env[`TONGBAN_OIDC_${name}`];
  });

  async function providerUp(): Promise<void> {
    provider ??= await startTestProvider(port, CLIENT, ACCOUNTS);
  }

  /** Tongban's redirect to the provider and the state cookie it set. */
  async function begin(): Promise<{ location: string; cookie: string }> {
    const response = await t.http.get('/api/v1/auth/oidc/login');
    expect(response.status).toBe(302);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('tongban_oidc_state='))!.split(';')[0];
    return { location: response.headers.location, cookie };
  }

  /** The provider's callback to Tongban, as the browser of `login` brings it back. */
  async function atProvider(login: string, password: string): Promise<{ callback: URL; cookie: string }> {
    const { location, cookie } = await begin();
    const callback = await new ProviderBrowser(CLIENT.redirectUri).signIn(location, login, password);
    return { callback, cookie };
  }

  function complete(callback: URL, cookie: string) {
    return t.http.get(`/api/v1/auth/oidc/callback${callback.search}`).set('Cookie', cookie);
  }

  /** The whole flow: provider, callback, ticket; the ticket's answer (tokens on success). */
  async function signIn(login: string, password: string) {
    const { callback, cookie } = await atProvider(login, password);
    const completed = await complete(callback, cookie);
    if (completed.status !== 302) return completed;
    const ticket = new URL(completed.headers.location, 'http://web.invalid').searchParams.get('oidc_ticket');
    return t.http.post('/api/v1/auth/oidc/ticket').send({ ticket });
  }

  it('starts without the provider, answers 502 while it is down, and discovers it once it is up', async () => {
    // when
    const config = await t.http.get('/api/v1/auth/config');
    const down = await t.http.get('/api/v1/auth/oidc/login');
    await providerUp();
    const { location } = await begin();
    const asJson = await t.http.get('/api/v1/auth/oidc/login').set('Accept', 'application/json');

    // then
    expect(asJson.status).toBe(200);
    expect(new URL(asJson.body.location).origin).toBe(provider!.issuer);
    expect(config.body).toEqual({ password: true, oidc: true });
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('OIDC_PROVIDER_UNAVAILABLE');
    expect(down.body.message).toContain('ECONNREFUSED');
    expect(JSON.stringify(down.body)).not.toContain(CLIENT.secret);
    const authorize = new URL(location);
    expect(authorize.origin).toBe(provider!.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
  });

  it('signs a member of staff in with the mapped department and roles; the session refreshes and ends like a password one', async () => {
    // given
    await providerUp();

    // when
    const tokens = await signIn('li', 'li-pw');

    // then
    expect(tokens.status).toBe(200);
    expect(tokens.body.user).toEqual({ username: `oidc.li.${run}`, roles: ['clerk'], department: 'market-regulation', applicant: null, displayName: '李四' });
    const bearer = `Bearer ${tokens.body.accessToken}`;
    expect((await t.http.get('/api/v1/tasks').set('Authorization', bearer)).status).toBe(200);
    expect((await t.http.get('/api/v1/users').set('Authorization', bearer)).status).toBe(403);
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(204);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(401);

    // and a second sign-in is the same account, not a new one
    const again = await signIn('li', 'li-pw');
    expect(again.status).toBe(200);
    const admin = await api.as('admin');
    const user = await t.http.get(`/api/v1/users/oidc.li.${run}`).set('Authorization', admin);
    expect(user.body).toMatchObject({ department: 'market-regulation', roles: ['clerk'], disabled: false });
  });

  it('signs an applicant in who sees only their own cases', async () => {
    // given: one case of the applicant and one of another citizen, submitted by the portal acting for them
    await providerUp();
    const b = new BundleClient(t, api);
    const designer = await api.as('designer');
    const bundleCode = `oidc-${run}`;
    expect((await t.http.post('/api/v1/bundles').set('Authorization', designer).send({ code: bundleCode, name: '婴儿卡证', items: ['YB-CB-007', 'RS-SBK-002'] })).status).toBe(201);
    expect((await t.http.post(`/api/v1/bundles/${bundleCode}/deploy`).set('Authorization', designer)).status).toBe(201);
    const submit = async (code: string, name: string) => {
      const photo = await b.upload(JPEG, 'photo.jpg');
      const form = {
        'baby.name': `${name[0]}小宝`, 'baby.idNumber': newCitizenId('20261101'), 'baby.birthDate': '2026-11-01', 'baby.gender': '男', 'household.address': '上海市静安区1号',
        'bank.account': '6222020200112233445', 'applicant.name': name, 'applicant.phone': '13700137000',
      };
      await b.registerCertificate({
        type: 'household-register', number: `H${code.slice(-8)}${randomBytes(2).toString('hex')}`, issuer: '上海市公安局', issuedAt: '2020-01-01T00:00:00+08:00', holder: { codeType: '111', code, name }, data: { address: '上海市静安区1号' },
      });
      const response = await t.http.post('/api/v1/applications').set({ 'X-API-Key': t.apiKey, 'X-On-Behalf-Of': code })
        .send({ bundleCode, applicant: { type: 'citizen', code, name }, form, materials: [{ item: 'RS-SBK-002', name: '免冠照片', attachmentId: photo.id }] });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const own = await submit(APPLICANT_CODE, '赵六');
    const other = await submit(newCitizenId('19880808'), '王五');

    // when
    const tokens = await signIn('zhao', 'zhao-pw');

    // then
    expect(tokens.status).toBe(200);
    expect(tokens.body.user).toEqual({ username: `oidc.zhao.${run}`, roles: ['applicant'], department: null, applicant: expect.stringMatching(/^\d{17}[\dX]$/), displayName: '赵六' });
    const bearer = `Bearer ${tokens.body.accessToken}`;
    const list = await t.http.get(`/api/v1/applications?bundleCode=${bundleCode}`).set('Authorization', bearer);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toEqual([own]);
    expect((await t.http.get(`/api/v1/applications/${own}`).set('Authorization', bearer)).status).toBe(200);
    expect((await t.http.get(`/api/v1/applications/${other}`).set('Authorization', bearer)).status).toBe(404);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    // given
    await providerUp();
    const { callback } = await atProvider('li', 'li-pw');
    const { cookie: otherBrowser } = await begin();

    // when
    const response = await complete(callback, otherBrowser);
    const withoutCookie = await t.http.get(`/api/v1/auth/oidc/callback${callback.search}`);

    // then
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('OIDC_STATE_INVALID');
    expect(withoutCookie.status).toBe(400);
  });

  it('refuses a replayed callback and a replayed code, and a ticket redeemed twice', async () => {
    // given: a completed sign-in
    await providerUp();
    const { callback, cookie } = await atProvider('li', 'li-pw');
    const first = await complete(callback, cookie);
    expect(first.status).toBe(302);
    const ticket = new URL(first.headers.location, 'http://web.invalid').searchParams.get('oidc_ticket');

    // when: the same callback again, the used code under a fresh sign-in's state, the ticket twice
    const replayed = await complete(callback, cookie);
    const fresh = await begin();
    const state = new URL(fresh.location).searchParams.get('state')!;
    const usedCode = new URL(callback);
    usedCode.searchParams.set('state', state);
    const codeReplayed = await t.http.get(`/api/v1/auth/oidc/callback${usedCode.search}`).set('Cookie', fresh.cookie);
    const redeemed = await t.http.post('/api/v1/auth/oidc/ticket').send({ ticket });
    const redeemedAgain = await t.http.post('/api/v1/auth/oidc/ticket').send({ ticket });

    // then
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe('OIDC_STATE_INVALID');
    expect(codeReplayed.status).toBe(401);
    expect(codeReplayed.body.code).toBe('OIDC_CODE_REFUSED');
    expect(redeemed.status).toBe(200);
    expect(redeemedAgain.status).toBe(401);
    expect(redeemedAgain.body.code).toBe('OIDC_TICKET_INVALID');
  });

  it('refuses someone of a department Tongban does not know, and creates no account', async () => {
    // given
    await providerUp();

    // when
    const response = await signIn('qian', 'qian-pw');

    // then
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('OIDC_DEPARTMENT_UNKNOWN');
    expect(response.body.message).toContain('no-such-bureau');
    const admin = await api.as('admin');
    expect((await t.http.get(`/api/v1/users/oidc.qian.${run}`).set('Authorization', admin)).status).toBe(404);
  });

  it('refuses a disabled account at once, its earlier tokens too', async () => {
    // given: the account signed in once, then an admin disabled it
    await providerUp();
    const before = await signIn('sun', 'sun-pw');
    expect(before.status).toBe(200);
    expect(before.body.user).toEqual({ username: `oidc.sun.${run}`, roles: ['clerk'], department: 'health', applicant: null, displayName: null });
    const admin = await api.as('admin');
    expect((await t.http.post(`/api/v1/users/oidc.sun.${run}/disable`).set('Authorization', admin)).status).toBe(200);

    // when
    const after = await signIn('sun', 'sun-pw');
    const oldToken = await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${before.body.accessToken}`);

    // then
    expect(after.status).toBe(401);
    expect(after.body.message).toContain('disabled');
    expect(oldToken.status).toBe(401);
  });

  it('answers 502 without secrets when the provider goes down during the code exchange', async () => {
    // given: the browser is back from the provider, which then stops
    await providerUp();
    const { callback, cookie } = await atProvider('li', 'li-pw');
    await provider!.stop();
    provider = undefined;

    // when
    const response = await complete(callback, cookie);

    // then
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('OIDC_PROVIDER_UNAVAILABLE');
    expect(response.body.message).toContain('ECONNREFUSED');
    expect(JSON.stringify(response.body)).not.toContain(CLIENT.secret);
    expect(JSON.stringify(response.body)).not.toContain(callback.searchParams.get('code'));
  });
});
