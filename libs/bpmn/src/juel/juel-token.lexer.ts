import { JuelRefusal } from './juel-refusal.error';

/** One token of a JUEL expression body (the text between `${` and `}`). */
export type JuelToken =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'keyword'; value: string }
  | { kind: 'punct'; value: string }
  | { kind: 'end' };

/** JUEL's reserved words (the EL 2.2 specification, section 1.17). */
export const JUEL_KEYWORDS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'true', 'false', 'null', 'empty', 'div', 'mod', 'instanceof']);

/** Operators and punctuation, longest first so that `<=` wins over `<`. */
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', '[', ']', '(', ')', ','];

const NUMBER = /^(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/**
 * Splits a JUEL expression body into tokens. Characters JUEL does not have, and EL 3.0 additions
 * (assignment, lambdas, `;`, collection literals), are refused naming the character.
 */
export function tokenizeJuel(source: string): JuelToken[] {
  const tokens: JuelToken[] = [];
  let at = 0;
  while (at < source.length) {
    const rest = source.slice(at);
    const blank = /^\s+/.exec(rest);
    if (blank) {
      at += blank[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      const { value, length } = readString(rest, quote);
      tokens.push({ kind: 'string', value });
      at += length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0] });
      at += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push(JUEL_KEYWORDS.has(name[0]) ? { kind: 'keyword', value: name[0] } : { kind: 'name', value: name[0] });
      at += name[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => rest.startsWith(candidate));
    if (!punct || rest.startsWith('->') || rest.startsWith('+=')) throw new JuelRefusal(`uses "${rest[0] === '-' || rest[0] === '+' ? rest.slice(0, 2) : rest[0]}", which is not in the JUEL subset Tongban translates`);
    tokens.push({ kind: 'punct', value: punct });
    at += punct.length;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** A quoted JUEL string: `\'`, `\"` and `\\` are its only escapes. */
function readString(text: string, quote: string): { value: string; length: number } {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === quote) return { value, length: i + 1 };
    if (char === '\\' && (text[i + 1] === "'" || text[i + 1] === '"' || text[i + 1] === '\\')) {
      value += text[i + 1];
      i++;
      continue;
    }
    value += char;
  }
  throw new JuelRefusal(`has a string that is not closed (${text.slice(0, 20)})`);
}
