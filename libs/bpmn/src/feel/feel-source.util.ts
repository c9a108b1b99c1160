import { hasJuel } from '../juel/juel-text.translator';

/**
 * The FEEL body of an expression as modelers write it: Camunda 8 `= a > 1` → `a > 1`,
 * Camunda 7 `${a > 1}` or `#{a > 1}` → `a > 1`. Anything else is returned trimmed.
 * (Compilation translates Camunda 7 bodies from JUEL; this only strips the markers.)
 */
export function feelSource(raw: string): string {
  const text = raw.trim();
  if (text.startsWith('=')) return text.slice(1).trim();
  const wrapped = /^[$#]\{([\s\S]*)\}$/.exec(text);
  return wrapped ? wrapped[1].trim() : text;
}

/**
 * True when the text is written as an expression (`=…`, `${…}`, `#{…}`) rather than a literal;
 * Camunda 7 composite text such as `clerk_${region}` is an expression too.
 */
export function isExpression(raw: string): boolean {
  const text = raw.trim();
  return text.startsWith('=') || hasJuel(text);
}
