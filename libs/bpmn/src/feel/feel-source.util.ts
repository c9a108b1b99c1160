/**
 * The FEEL body of an expression as modelers write it: Camunda 8 `= a > 1` → `a > 1`,
 * Camunda 7 `${a > 1}` or `#{a > 1}` → `a > 1`. Anything else is returned trimmed.
 */
export function feelSource(raw: string): string {
  const text = raw.trim();
  if (text.startsWith('=')) return text.slice(1).trim();
  const wrapped = /^[$#]\{([\s\S]*)\}$/.exec(text);
  return wrapped ? wrapped[1].trim() : text;
}

/** True when the text is written as an expression (`=…`, `${…}`, `#{…}`) rather than a literal. */
export function isExpression(raw: string): boolean {
  const text = raw.trim();
  return text.startsWith('=') || /^[$#]\{[\s\S]*\}$/.test(text);
}
