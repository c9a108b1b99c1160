import { loadIdentityConfig } from './identity-config';

describe('identity settings', () => {
  it('uses short access tokens and requires admin TOTP only in production by default', () => {
    expect(loadIdentityConfig({})).toMatchObject({ accessTokenTtlSeconds: 900, passwordMinLength: 12, loginMaxFailures: 5, adminTotpRequired: false });
    expect(loadIdentityConfig({ NODE_ENV: 'production' }).adminTotpRequired).toBe(true);
    expect(loadIdentityConfig({ NODE_ENV: 'production', TONGBAN_ADMIN_TOTP: 'false' }).adminTotpRequired).toBe(false);
  });

  it('reads the settings and names a bad one', () => {
    expect(loadIdentityConfig({ TONGBAN_LOGIN_LOCKOUT_SECONDS: '5', TONGBAN_ACCESS_TOKEN_TTL: '60' })).toMatchObject({ lockoutSeconds: 5, accessTokenTtlSeconds: 60 });
    expect(() => loadIdentityConfig({ TONGBAN_LOGIN_IP_LIMIT: 'many' })).toThrow(/TONGBAN_LOGIN_IP_LIMIT/);
    expect(() => loadIdentityConfig({ TONGBAN_PASSWORD_MIN_LENGTH: '0' })).toThrow(/TONGBAN_PASSWORD_MIN_LENGTH/);
    expect(() => loadIdentityConfig({ TONGBAN_ADMIN_TOTP: 'maybe' })).toThrow(/TONGBAN_ADMIN_TOTP/);
  });
});
