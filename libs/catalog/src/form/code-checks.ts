/**
 * Check characters of Chinese identity codes.
 *
 * - Citizen ID number (公民身份号码), GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check
 *   character (0-9 or X).
 * - Unified social credit code (统一社会信用代码), GB 32100-2015: 17 characters from a 31-symbol
 *   alphabet (digits and capitals without I, O, S, V, Z) and a MOD 31 check character.
 */

const CITIZEN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a citizen ID number. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_WEIGHTS[i];
  return CITIZEN_CHECK[sum % 11];
}

/** True when `id` is 17 digits plus the right check character and a real birth date. */
export function isValidCitizenId(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return citizenIdCheckChar(id.slice(0, 17)) === id[17];
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** True when `code` is 18 characters of the GB 32100 alphabet with the right check character. */
export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18 || [...code].some((ch) => !CREDIT_ALPHABET.includes(ch))) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}
