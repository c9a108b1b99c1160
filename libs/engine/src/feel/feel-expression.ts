/** Recognises the expression dialects a model may carry: Camunda 8 `= expr`, Camunda 7 `${expr}`. */

/** The FEEL body of an expression, or undefined when the text is a plain literal. */
export function feelBody(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('=')) return trimmed.slice(1).trim();
  const juel = /^[$#]\{([\s\S]*)\}$/.exec(trimmed);
  return juel ? juel[1].trim() : undefined;
}
