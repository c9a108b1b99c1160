import { creditCodeCheckChar, isValidCitizenId, isValidCreditCode } from './code-checks';

describe('citizen ID numbers (GB 11643)', () => {
  it.each(['11010519491231002X', '440524188001010014', '110105199003071239'])(
    'accepts %s', (id) => {
      expect(isValidCitizenId(id)).toBe(true);
    });

  it('rejects a wrong check character, a bad date and a wrong length', () => {
    expect(isValidCitizenId('110105194912310021')).toBe(false);
    expect(isValidCitizenId('110105194902301234')).toBe(false);
    expect(isValidCitizenId('11010519491231002')).toBe(false);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it.each(['91110108551385082Q', '9144030071526726XG', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('rejects a wrong check character and letters outside the alphabet', () => {
    expect(isValidCreditCode('91110108551385082R')).toBe(false);
    expect(isValidCreditCode('91110108551385O82Q')).toBe(false);
  });

  it('computes a check character that is itself of the alphabet', () => {
    expect(creditCodeCheckChar('91310000MA1FL4B24')).toMatch(/^[0-9A-HJ-NPQRTUWXY]$/);
  });
});
