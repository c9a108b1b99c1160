import { identityOfClaims } from './oidc-claims';
import { loadOidcConfig } from './oidc-config';

const ENV = {
  TONGBAN_OIDC_ISSUER: 'https://idp.example.gov.cn/realms/agency', TONGBAN_OIDC_CLIENT_ID: 'tongban', TONGBAN_OIDC_CLIENT_SECRET: 's3cret',
  TONGBAN_OIDC_REDIRECT_URI: 'https://tongban.example.gov.cn/api/v1/auth/oidc/callback', TONGBAN_OIDC_ROLE_MAP: 'approver:clerk, auditor=supervisor',
};

describe('OpenID Connect settings and claims', () => {
  const config = loadOidcConfig(ENV)!;

  it('is off without an issuer and names the variable that is missing or wrong', () => {
    // then
    expect(loadOidcConfig({})).toBeNull();
    expect(() => loadOidcConfig({ ...ENV, TONGBAN_OIDC_CLIENT_SECRET: '' })).toThrow(/TONGBAN_OIDC_CLIENT_SECRET/);
    expect(() => loadOidcConfig({ ...ENV, TONGBAN_OIDC_ROLE_MAP: 'approver:integrator' })).toThrow(/TONGBAN_OIDC_ROLE_MAP/);
    expect(() => loadOidcConfig({ ...ENV, TONGBAN_OIDC_SCOPES: 'profile' })).toThrow(/openid/);
    expect(() => loadOidcConfig({ ...ENV, NODE_ENV: 'production', TONGBAN_OIDC_ISSUER: 'http://idp.example.gov.cn' })).toThrow(/https/);
  });

  it('maps a member of staff: department, and roles through the map or by their own name', () => {
    // when
    const identity = identityOfClaims({ sub: 'u-1', preferred_username: 'li.si', department: 'tax', roles: ['approver', 'designer', 'integrator', 'unknown'] }, config);

    // then
    expect(identity).toEqual({ kind: 'staff', subject: 'u-1', username: 'li.si', displayName: null, department: 'tax', roles: ['clerk', 'designer'] });
    expect(identityOfClaims({ sub: 'u-2', preferred_username: 'wang', department: 'tax', roles: 'auditor clerk' }, config)).toMatchObject({ roles: ['supervisor', 'clerk'] });
  });

  it('maps an applicant by the applicant claim', () => {
    // when
    const identity = identityOfClaims({ sub: 'a-1', preferred_username: 'zhao', name: '赵六', applicant_code: '110101199003071233', roles: ['admin'] }, config);

    // then
    expect(identity).toEqual({ kind: 'applicant', subject: 'a-1', username: 'zhao', displayName: '赵六', applicantCode: '110101199003071233' });
  });

  it('refuses claims that name no usable user, department, role or applicant code, naming the claim', () => {
    // when
    const refusals = [
      { sub: 'x', department: 'tax', roles: ['clerk'] },
      { sub: 'x', preferred_username: 'li', roles: ['clerk'] },
      { sub: 'x', preferred_username: 'li', department: 'tax', roles: ['integrator'] },
      { sub: 'x', preferred_username: 'li', applicant_code: '12345' },
      { preferred_username: 'li', department: 'tax', roles: ['clerk'] },
    ].map((claims) => { try { identityOfClaims(claims, config); return null; } catch (error) { return (error as { code: string; details: { claim: string } }); } });

    // then
    expect(refusals.map((r) => r?.code)).toEqual(Array(5).fill('OIDC_CLAIMS_REFUSED'));
    expect(refusals.map((r) => r?.details.claim)).toEqual(['preferred_username', 'department', 'roles', 'applicant_code', 'sub']);
  });
});
