import { randomBytes } from 'node:crypto';
import type { TestApp } from '../../support/test-app';

/** A user name no other test uses. */
export function uniqueName(base: string): string {
  return `${base}.${randomBytes(4).toString('hex')}`;
}

/** A password that meets the policy (long, random, not containing any user name). */
export function strongPassword(): string {
  return `Vx9-${randomBytes(12).toString('base64url')}`;
}

/** Signs in and returns the whole token response (status checked by the caller). */
export function signIn(t: TestApp, username: string, password: string, totp?: string) {
  return t.http.post('/api/v1/auth/token').send(totp ? { username, password, totp } : { username, password });
}

/**
 * Creates a clerk of `department` with a one-time password, changes it as the clerk would at first
 * sign-in, and returns the final password and a bearer token of a full session.
 */
export async function createActiveUser(t: TestApp, options: { roles?: string[]; department?: string | null } = {}): Promise<{ username: string; password: string; bearer: string; refreshToken: string }> {
  const admin = `Bearer ${await t.token('admin')}`;
  const username = uniqueName('user');
  const oneTime = strongPassword();
  const created = await t.http.post('/api/v1/users').set('Authorization', admin)
    .send({ username, roles: options.roles ?? ['clerk'], department: options.department === undefined ? 'health' : options.department, password: oneTime });
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`);
  const first = await signIn(t, username, oneTime);
  const password = strongPassword();
  const changed = await t.http.post('/api/v1/me/password').set('Authorization', `Bearer ${first.body.accessToken}`).send({ currentPassword: oneTime, newPassword: password });
  if (changed.status !== 200) throw new Error(`change password: ${changed.status} ${JSON.stringify(changed.body)}`);
  return { username, password, bearer: `Bearer ${changed.body.accessToken}`, refreshToken: changed.body.refreshToken };
}
