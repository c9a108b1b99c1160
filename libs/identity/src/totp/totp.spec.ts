import { matchTotp, newTotpSecret, totpCode, totpUri } from './totp';

/** RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890". */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it('computes the RFC 6238 test vectors (last six digits)', () => {
    // given the RFC's times and 8-digit codes
    const vectors: [number, string][] = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037']];

    // then
    for (const [time, code] of vectors) expect(totpCode(RFC_SECRET, time)).toBe(code.slice(2));
  });

  it('accepts the current step and one either side, nothing further', () => {
    // given
    const secret = newTotpSecret();
    const now = 1_800_000_000;

    // then
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(now / 30);
    expect(matchTotp(secret, totpCode(secret, now - 30), now)).not.toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 30), now)).not.toBeNull();
    expect(matchTotp(secret, totpCode(secret, now - 90), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('makes an otpauth URI with the secret and issuer', () => {
    expect(totpUri('ABC', 'admin')).toBe('otpauth://totp/Tongban%3Aadmin?secret=ABC&issuer=Tongban&algorithm=SHA1&digits=6&period=30');
  });
});
