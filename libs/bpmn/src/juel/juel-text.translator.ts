import { juelToFeel } from './juel-feel.generator';
import { parseJuel } from './juel-expression.parser';
import { JuelRefusal } from './juel-refusal.error';

/** A Camunda 7 text translated to a FEEL body, or why it cannot be. */
export type JuelTranslation = { ok: true; feel: string } | { ok: false; construct: string };

/** A piece of a Camunda 7 text: literal text, or the body of one `${…}` / `#{…}`. */
type Part = { text: string } | { body: string; marker: string };

/** True when the text holds a Camunda 7 expression (`${…}` or `#{…}`), whole or within literal text. */
export function hasJuel(text: string): boolean {
  return /(^|[^\\])[$#]\{/.test(text);
}

/**
 * Translates a Camunda 7 value into FEEL. `${a}` alone gives a's value; text mixing literals and
 * expressions (`clerk_${region}`) is a composite expression giving text, each expression's value
 * written as text and null as "" (as JUEL does). `\${` is a literal `${`. Anything outside the
 * translated subset comes back as a refusal naming the construct.
 */
export function translateJuel(text: string): JuelTranslation {
  try {
    const parts = splitComposite(text.trim());
    const expressions = parts.filter((part): part is { body: string; marker: string } => 'body' in part);
    if (new Set(expressions.map((part) => part.marker)).size > 1) throw new JuelRefusal('mixes ${…} and #{…}, which JUEL does not allow');
    if (parts.length === 1 && expressions.length === 1) return { ok: true, feel: juelToFeel(parseJuel(expressions[0].body)) };
    const pieces = parts.map((part) => ('body' in part ? asText(juelToFeel(parseJuel(part.body))) : JSON.stringify(part.text)));
    return { ok: true, feel: pieces.join(' + ') };
  } catch (error) {
    if (error instanceof JuelRefusal) return { ok: false, construct: error.construct };
    throw error;
  }
}

/** An expression's value as JUEL writes it into text: null as "", anything else as its text. */
function asText(feel: string): string {
  return `(if (${feel}) = null then "" else string(${feel}))`;
}

/** Splits literal text from `${…}` / `#{…}` bodies; a `}` inside a quoted string does not end a body. */
function splitComposite(text: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    if (text[at] === '\\' && (text[at + 1] === '$' || text[at + 1] === '#') && text[at + 2] === '{') {
      literal += text.slice(at + 1, at + 3);
      at += 3;
      continue;
    }
    if ((text[at] === '$' || text[at] === '#') && text[at + 1] === '{') {
      const end = closingBrace(text, at + 2);
      if (literal !== '') parts.push({ text: literal });
      literal = '';
      parts.push({ body: text.slice(at + 2, end), marker: text[at] });
      at = end + 1;
      continue;
    }
    literal += text[at];
    at++;
  }
  if (literal !== '') parts.push({ text: literal });
  return parts;
}

function closingBrace(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '}') {
      return i;
    }
  }
  throw new JuelRefusal(`has "${text.slice(from - 2, from + 18)}" without its closing "}"`);
}
