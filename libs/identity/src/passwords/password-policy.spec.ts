import { IdentityError } from '../errors/identity.error';
import { assertPasswordAllowed } from './password-policy';

function ruleBroken(username: string, password: string, minLength = 12): string | null {
  try {
    assertPasswordAllowed({ minLength }, username, password);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    return (error as IdentityError).details?.rule as string;
  }
}

describe('password policy', () => {
  it('accepts a long password unrelated to the user', () => {
    expect(ruleBroken('clerk.health', 'correct horse battery staple')).toBeNull();
  });

  it('counts characters, not bytes, for the minimum length', () => {
    expect(ruleBroken('li.na', '一件事一次办通办好办快办')).toBeNull();
    expect(ruleBroken('li.na', '一件事一次办')).toBe('min-length');
    expect(ruleBroken('li.na', 'short', 4)).toBeNull();
  });

  it('refuses the user name or a part of it, whatever the case', () => {
    expect(ruleBroken('clerk.health', 'my-CLERK.HEALTH-password')).toBe('contains-username');
    expect(ruleBroken('clerk.health', 'HealthIsWealth2026!')).toBe('contains-username');
  });

  it('refuses the most common passwords, whatever the case', () => {
    expect(ruleBroken('li.na', 'Qwerty123456')).toBe('common-password');
    expect(ruleBroken('li.na', '1qaz2wsx3edc')).toBe('common-password');
  });
});
