import { DataSource } from 'typeorm';
import { useTestApp } from '../support/use-test-app';
import { createActiveUser, signIn, strongPassword, uniqueName } from './support/identity-fixtures';
import { inRoot } from '../support/root-scope';

describe('users managed over REST', () => {
  const { t, api } = useTestApp();

  it('creates a user whose one-time password only lets them change it, then signs in for real', async () => {
    // given
    const username = uniqueName('clerk');
    const oneTime = strongPassword();

    // when an admin creates the user
    const created = await t.http.post('/api/v1/users').set('Authorization', await api.as('admin'))
      .send({ username, displayName: '李娜', department: 'health', roles: ['clerk'], password: oneTime });

    // then the user is listed without secrets
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username, displayName: '李娜', department: 'health', roles: ['clerk'], disabled: false, mustChangePassword: true, totpEnabled: false });
    expect(JSON.stringify(created.body)).not.toMatch(/hash|\$2[aby]\$/i);
    const listed = await t.http.get('/api/v1/users?department=health&limit=500').set('Authorization', await api.as('admin'));
    expect(listed.body.items.map((u: { username: string }) => u.username)).toContain(username);
    expect(JSON.stringify(listed.body)).not.toMatch(/passwordHash|password_hash|totpSecret/);

    // when the user signs in with the one-time password
    const first = await signIn(t, username, oneTime);

    // then the session may only change the password
    expect(first.status).toBe(200);
    expect(first.body.restriction).toBe('password-change');
    const blocked = await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${first.body.accessToken}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');

    // when the password is changed
    const password = strongPassword();
    const changed = await t.http.post('/api/v1/me/password').set('Authorization', `Bearer ${first.body.accessToken}`).send({ currentPassword: oneTime, newPassword: password });

    // then a full session comes back, the old one is over, and the one-time password no longer works
    expect(changed.status).toBe(200);
    expect(changed.body.restriction).toBeUndefined();
    expect((await t.http.get('/api/v1/tasks').set('Authorization', `Bearer ${changed.body.accessToken}`)).status).toBe(200);
    expect((await t.http.get('/api/v1/me').set('Authorization', `Bearer ${first.body.accessToken}`)).status).toBe(401);
    expect((await signIn(t, username, oneTime)).status).toBe(401);
    expect((await signIn(t, username, password)).status).toBe(200);
  });

  it('refuses the token of a disabled user at once, and sign-in until enabled again', async () => {
    // given a signed-in user
    const user = await createActiveUser(t);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', user.bearer)).status).toBe(200);

    // when an admin disables them
    const disabled = await t.http.post(`/api/v1/users/${user.username}/disable`).set('Authorization', await api.as('admin'));

    // then the very next request with the existing token is refused, and so are sign-in and refresh
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true });
    const refused = await t.http.get('/api/v1/tasks').set('Authorization', user.bearer);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect((await signIn(t, user.username, user.password)).body.message).toMatch(/disabled/);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);

    // when enabled again
    await t.http.post(`/api/v1/users/${user.username}/enable`).set('Authorization', await api.as('admin')).expect(200);

    // then the user signs in, while the old token stays dead
    expect((await signIn(t, user.username, user.password)).status).toBe(200);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', user.bearer)).status).toBe(401);
  });

  it('resets a password to a generated one-time password shown once, ending the user\'s sessions', async () => {
    // given
    const user = await createActiveUser(t);

    // when
    const reset = await t.http.post(`/api/v1/users/${user.username}/reset-password`).set('Authorization', await api.as('admin')).send({});

    // then
    expect(reset.status).toBe(200);
    expect(reset.body.oneTimePassword).toEqual(expect.any(String));
    expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await t.http.get('/api/v1/tasks').set('Authorization', user.bearer)).status).toBe(401);
    expect((await signIn(t, user.username, user.password)).status).toBe(401);
    const signedIn = await signIn(t, user.username, reset.body.oneTimePassword);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.restriction).toBe('password-change');
    const shownAgain = await t.http.get(`/api/v1/users/${user.username}`).set('Authorization', await api.as('admin'));
    expect(shownAgain.body.oneTimePassword).toBeUndefined();
  });

  it('changes roles and department, which ends the user\'s sessions so the new access applies at once', async () => {
    // given a clerk of health
    const user = await createActiveUser(t);

    // when made a clerk of fire-rescue
    const updated = await t.http.patch(`/api/v1/users/${user.username}`).set('Authorization', await api.as('admin')).send({ department: 'fire-rescue', roles: ['clerk', 'supervisor'] });

    // then
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ department: 'fire-rescue', roles: ['clerk', 'supervisor'] });
    expect((await t.http.get('/api/v1/tasks').set('Authorization', user.bearer)).status).toBe(401);
    expect((await signIn(t, user.username, user.password)).body.user).toMatchObject({ department: 'fire-rescue', roles: ['clerk', 'supervisor'] });
  });

  it('refuses passwords against the policy with 400 naming the rule, and changes nothing', async () => {
    // given
    const user = await createActiveUser(t);
    const cases: [string, string][] = [
      ['short-1A!', 'min-length'],
      [`${user.username}-and-more-text`, 'contains-username'],
      ['qwerty123456', 'common-password'],
    ];

    for (const [newPassword, rule] of cases) {
      // when
      const response = await t.http.post('/api/v1/me/password').set('Authorization', user.bearer).send({ currentPassword: user.password, newPassword });

      // then
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'PASSWORD_POLICY', details: { rule } });
    }
    expect((await signIn(t, user.username, user.password)).status).toBe(200);
    const created = await t.http.post('/api/v1/users').set('Authorization', await api.as('admin')).send({ username: uniqueName('weak'), roles: ['clerk'], password: 'password1234' });
    expect(created.status).toBe(400);
    expect(created.body.details.rule).toBe('common-password');
    const wrongCurrent = await t.http.post('/api/v1/me/password').set('Authorization', user.bearer).send({ currentPassword: 'not-it', newPassword: strongPassword() });
    expect(wrongCurrent.status).toBe(400);
  });

  it('refuses unknown departments and roles with 400, a taken name with 409, and non-admins with 403', async () => {
    const admin = await api.as('admin');
    const unknownDepartment = await t.http.post('/api/v1/users').set('Authorization', admin).send({ username: uniqueName('x'), roles: ['clerk'], department: 'no-such-department' });
    expect(unknownDepartment.status).toBe(400);
    expect(unknownDepartment.body.message).toMatch(/no-such-department/);
    const unknownRole = await t.http.post('/api/v1/users').set('Authorization', admin).send({ username: uniqueName('x'), roles: ['emperor'] });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.code).toBe('VALIDATION_FAILED');
    const taken = await t.http.post('/api/v1/users').set('Authorization', admin).send({ username: 'designer', roles: ['designer'] });
    expect(taken.status).toBe(409);
    const byClerk = await t.http.post('/api/v1/users').set('Authorization', await api.as('clerk.health')).send({ username: uniqueName('x'), roles: ['admin'] });
    expect(byClerk.status).toBe(403);
  });

  it('audits every change with who, what and whom', async () => {
    // given
    const user = await createActiveUser(t);
    await t.http.post(`/api/v1/users/${user.username}/disable`).set('Authorization', await api.as('admin')).expect(200);

    // when
    const audit = await t.http.get(`/api/v1/identity-audit?target=user:${user.username}`).set('Authorization', await api.as('admin'));

    // then
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['user.disabled', 'user.password-changed', 'user.created']);
    expect(audit.body.items[0]).toMatchObject({ actor: 'admin', target: `user:${user.username}` });
    // the application's own connections (tongban_app) may not change it, nor may the schema's owner
    const db = inRoot(t.app).get(DataSource);
    await expect(db.query(`DELETE FROM identity_audit WHERE target = $1`, [`user:${user.username}`])).rejects.toThrow(/permission denied/);
    const owner = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
    try {
      await expect(owner.query(`DELETE FROM identity_audit WHERE target = $1`, [`user:${user.username}`])).rejects.toThrow(/append-only/);
      await expect(owner.query(`UPDATE identity_audit SET actor = 'someone' WHERE target = $1`, [`user:${user.username}`])).rejects.toThrow(/append-only/);
    } finally {
      await owner.destroy();
    }
  });

  it('keeps departments in a table: seeded, created, renamed and disabled by admins', async () => {
    // given
    const admin = await api.as('admin');
    const code = `dept-${Date.now().toString(36)}`;

    // when
    const created = await t.http.post('/api/v1/departments').set('Authorization', admin).send({ code, name: '税务局' });
    const renamed = await t.http.patch(`/api/v1/departments/${code}`).set('Authorization', admin).send({ name: '国家税务总局某市税务局' });
    const disabled = await t.http.patch(`/api/v1/departments/${code}`).set('Authorization', admin).send({ disabled: true });

    // then
    expect(created.status).toBe(201);
    expect(renamed.body).toMatchObject({ code, name: '国家税务总局某市税务局', disabled: false });
    expect(disabled.body.disabled).toBe(true);
    const listed = await t.http.get('/api/v1/departments').set('Authorization', await api.as('clerk.health'));
    expect(listed.body.items.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['health', 'fire-rescue', 'market-regulation']));
    expect(listed.body.items.map((d: { code: string }) => d.code)).not.toContain(code);
    const joinDisabled = await t.http.post('/api/v1/users').set('Authorization', admin).send({ username: uniqueName('x'), roles: ['clerk'], department: code });
    expect(joinDisabled.status).toBe(400);
    expect((await t.http.post('/api/v1/departments').set('Authorization', admin).send({ code, name: 'again' })).status).toBe(409);
    expect((await t.http.post('/api/v1/departments').set('Authorization', await api.as('supervisor')).send({ code: 'x-y', name: 'x' })).status).toBe(403);
  });
});
