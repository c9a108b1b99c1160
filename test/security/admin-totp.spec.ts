import { totpCode, UserService } from '@tongban/identity';
import { startTestApp } from '../support/test-app';
import { useTestApp } from '../support/use-test-app';
import { signIn, strongPassword, uniqueName } from './support/identity-fixtures';
import { inRoot } from '../support/root-scope';

describe('admins must use TOTP where it is required (production)', () => {
  const { t } = useTestApp(() => {
    process.env.TONGBAN_ADMIN_TOTP = 'true';
    return startTestApp();
  });

  afterAll(() => {
    delete process.env.TONGBAN_ADMIN_TOTP;
  });

  it('lets an admin without TOTP only enrol, then work with a code', async () => {
    // given an admin account (made by the service, as a fresh install would) with a changed password
    const username = uniqueName('admin');
    const oneTime = strongPassword();
    await inRoot(t.app).get(UserService).create({ username, roles: ['admin'], password: oneTime }, { actor: { kind: 'user', name: 'installer', roles: ['admin'], department: null, region: 'cn' } });
    const first = await signIn(t, username, oneTime);
    const password = strongPassword();
    const changed = await t.http.post('/api/v1/me/password').set('Authorization', `Bearer ${first.body.accessToken}`).send({ currentPassword: oneTime, newPassword: password });

    // then the new session is restricted to enrolment
    expect(changed.status).toBe(200);
    expect(changed.body.restriction).toBe('totp-enrolment');
    const bearer = `Bearer ${changed.body.accessToken}`;
    const users = await t.http.get('/api/v1/users').set('Authorization', bearer);
    expect(users.status).toBe(403);
    expect(users.body.code).toBe('TOTP_ENROLMENT_REQUIRED');

    // when the admin enrols and confirms
    const enrol = await t.http.post('/api/v1/me/totp').set('Authorization', bearer);
    const confirmed = await t.http.post('/api/v1/me/totp/confirm').set('Authorization', bearer).send({ code: totpCode(enrol.body.secret, Math.floor(Date.now() / 1000)) });

    // then the returned session is a full one, and sign-in needs the code from now on
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.restriction).toBeUndefined();
    expect((await t.http.get('/api/v1/users').set('Authorization', `Bearer ${confirmed.body.accessToken}`)).status).toBe(200);
    expect((await t.http.get('/api/v1/users').set('Authorization', bearer)).status).toBe(401);
    expect((await signIn(t, username, password)).body.code).toBe('TOTP_REQUIRED');
  });
});
