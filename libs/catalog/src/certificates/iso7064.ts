/**
 * ISO/IEC 7064 hybrid system MOD 37,36 over the alphabet 0-9A-Z: one check character from the
 * same alphabet, detecting every single substitution and every adjacent transposition.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

function product(text: string): number {
  let p = M;
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new RangeError(`"${ch}" is not one of 0-9A-Z`);
    let s = (p + value) % M;
    if (s === 0) s = M;
    p = (s * 2) % (M + 1);
  }
  return p;
}

/** The MOD 37,36 check character of `text` (0-9, A-Z, upper case). */
export function mod3736CheckChar(text: string): string {
  return ALPHABET[(M + 1 - product(text)) % M];
}

/** True when the last character of `text` is the MOD 37,36 check character of the rest. */
export function isValidMod3736(text: string): boolean {
  if (text.length < 2 || [...text].some((ch) => !ALPHABET.includes(ch))) return false;
  return mod3736CheckChar(text.slice(0, -1)) === text[text.length - 1];
}
