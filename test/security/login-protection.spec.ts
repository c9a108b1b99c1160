import { TestClock } from '@tongban/runtime';
import { useTestApp } from '../support/use-test-app';
import { startTestApp } from '../support/test-app';
import { createActiveUser, signIn } from './support/identity-fixtures';

const IP_LIMIT = 25;

describe('sign-in protection: lockout with backoff, per-address limit', () => {
  const { t } = useTestApp(() => {
    Object.assign(process.env, { TONGBAN_LOGIN_MAX_FAILURES: '3', TONGBAN_LOGIN_LOCKOUT_SECONDS: '1', TONGBAN_LOGIN_IP_LIMIT: String(IP_LIMIT), TONGBAN_LOGIN_IP_WINDOW_SECONDS: '60' });
    return startTestApp({ clock: new TestClock('2026-06-01T09:00:00+08:00') });
  });

  it('locks an account after repeated failures with 429 and Retry-After, audited, then lets it in after the backoff', async () => {
    // given
    const user = await createActiveUser(t);

    // when three wrong passwords are tried
    for (let i = 0; i < 3; i++) expect((await signIn(t, user.username, 'wrong-password')).status).toBe(401);

    // then even the right password is refused while locked
    const locked = await signIn(t, user.username, user.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'ACCOUNT_LOCKED' });
    expect(locked.headers['retry-after']).toBe('1');
    const audit = await t.http.get(`/api/v1/identity-audit?target=user:${user.username}`).set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['login.failed', 'login.locked']));

    // when the backoff has passed (1 s)
    t.clock!.advance(1100);

    // then the right password works again
    expect((await signIn(t, user.username, user.password)).status).toBe(200);
  });

  it('doubles the lockout when an account is locked again', async () => {
    // given an account locked once and released
    const user = await createActiveUser(t);
    for (let i = 0; i < 3; i++) await signIn(t, user.username, 'wrong-password');
    t.clock!.advance(1100);

    // when it fails three more times
    for (let i = 0; i < 3; i++) await signIn(t, user.username, 'wrong-password');

    // then the second lockout lasts two seconds
    const locked = await signIn(t, user.username, user.password);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('2');
  });

  it('an admin\'s password reset lifts a lockout', async () => {
    // given
    const user = await createActiveUser(t);
    for (let i = 0; i < 3; i++) await signIn(t, user.username, 'wrong-password');
    expect((await signIn(t, user.username, user.password)).status).toBe(429);

    // when
    const reset = await t.http.post(`/api/v1/users/${user.username}/reset-password`).set('Authorization', `Bearer ${await t.token('admin')}`).send({});

    // then
    expect((await signIn(t, user.username, reset.body.oneTimePassword)).status).toBe(200);
  });

  it('limits sign-in attempts per client address with 429 and Retry-After', async () => {
    // when one address keeps trying other accounts (earlier tests of this file used part of the window's budget)
    let response = await signIn(t, 'nobody-0', 'wrong-password');
    let attempts = 1;
    while (response.status !== 429 && attempts <= IP_LIMIT) {
      response = await signIn(t, `nobody-${attempts}`, 'wrong-password');
      attempts++;
    }

    // then the limit answers 429 with the seconds left in the window
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});
