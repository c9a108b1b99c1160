import { totpCode } from '@tongban/identity';
import { useTestApp } from '../support/use-test-app';
import { createActiveUser, signIn } from './support/identity-fixtures';

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe('sessions: refresh tokens, logout and TOTP', () => {
  const { t } = useTestApp();

  it('issues a short-lived access token with a refresh token that is rotated on every use', async () => {
    // given
    const user = await createActiveUser(t);
    const signedIn = await signIn(t, user.username, user.password);
    expect(signedIn.body).toMatchObject({ expiresIn: 900, refreshToken: expect.any(String), refreshExpiresIn: expect.any(Number) });

    // when
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken });

    // then new tokens of the same session come back, and both access tokens work
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(signedIn.body.refreshToken);
    expect(refreshed.body.user).toMatchObject({ username: user.username, roles: ['clerk'], department: 'health' });
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(200);
    const again = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken });
    expect(again.status).toBe(200);
  });

  it('treats a reused refresh token as stolen and ends the whole session', async () => {
    // given a refresh token that was rotated already
    const user = await createActiveUser(t);
    const signedIn = await signIn(t, user.username, user.password);
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken });

    // when the old one is presented again
    const replay = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken });

    // then it is refused and the session's current tokens die too
    expect(replay.status).toBe(401);
    expect(replay.body.message).toMatch(/used already/);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${refreshed.body.accessToken}`)).status).toBe(401);
  });

  it('ends the session on logout: access and refresh token refused at once, other sessions untouched', async () => {
    // given two sessions of one user
    const user = await createActiveUser(t);
    const first = await signIn(t, user.username, user.password);
    const second = await signIn(t, user.username, user.password);

    // when the first logs out
    const out = await t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${first.body.accessToken}`);

    // then
    expect(out.status).toBe(204);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${first.body.accessToken}`)).status).toBe(401);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })).status).toBe(401);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${second.body.accessToken}`)).status).toBe(200);
  });

  it('refuses an unknown refresh token and a malformed request', async () => {
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'not-a-token' })).status).toBe(401);
    const missing = await t.http.post('/api/v1/auth/refresh').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
  });

  it('enrols TOTP with a confirming code; sign-in then needs a fresh code', async () => {
    // given
    const user = await createActiveUser(t);

    // when enrolment starts
    const enrol = await t.http.post('/api/v1/me/totp').set('Authorization', user.bearer);

    // then the secret is shown once, and sign-in still needs no code until confirmed
    expect(enrol.status).toBe(201);
    expect(enrol.body.otpauthUri).toContain(`secret=${enrol.body.secret}`);
    expect((await signIn(t, user.username, user.password)).status).toBe(200);
    const wrong = await t.http.post('/api/v1/me/totp/confirm').set('Authorization', user.bearer).send({ code: totpCode(enrol.body.secret, nowSeconds() - 600) });
    expect(wrong.status).toBe(400);

    // when confirmed with a valid code
    const confirmed = await t.http.post('/api/v1/me/totp/confirm').set('Authorization', user.bearer).send({ code: totpCode(enrol.body.secret, nowSeconds()) });

    // then sign-in asks for a code, refuses a wrong one, accepts the right one once
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.accessToken).toEqual(expect.any(String));
    const noCode = await signIn(t, user.username, user.password);
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('TOTP_REQUIRED');
    expect((await signIn(t, user.username, user.password, totpCode(enrol.body.secret, nowSeconds() - 600))).status).toBe(401);
    const code = totpCode(enrol.body.secret, nowSeconds());
    expect((await signIn(t, user.username, user.password, code)).status).toBe(200);
    const replayed = await signIn(t, user.username, user.password, code);
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toMatch(/TOTP/);
    expect((await t.http.post('/api/v1/me/totp').set('Authorization', `Bearer ${confirmed.body.accessToken}`)).status).toBe(409);
  });

  it('lets an admin remove a lost second factor: the user signs in with the password alone and may enrol again', async () => {
    // given a user with TOTP on
    const user = await createActiveUser(t);
    const enrol = await t.http.post('/api/v1/me/totp').set('Authorization', user.bearer);
    const confirmed = await t.http.post('/api/v1/me/totp/confirm').set('Authorization', user.bearer).send({ code: totpCode(enrol.body.secret, nowSeconds()) });
    expect((await signIn(t, user.username, user.password)).body.code).toBe('TOTP_REQUIRED');

    // when
    const reset = await t.http.post(`/api/v1/users/${user.username}/reset-totp`).set('Authorization', `Bearer ${await t.token('admin')}`);

    // then
    expect(reset.status).toBe(200);
    expect(reset.body.totpEnabled).toBe(false);
    expect((await t.http.get('/api/v1/me').set('Authorization', `Bearer ${confirmed.body.accessToken}`)).status).toBe(401);
    const signedIn = await signIn(t, user.username, user.password);
    expect(signedIn.status).toBe(200);
    expect((await t.http.post('/api/v1/me/totp').set('Authorization', `Bearer ${signedIn.body.accessToken}`)).status).toBe(201);
  });
});
