import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@tongban/runtime';

/** Deepest nesting of objects and arrays a request may carry (BPMN travels as one string). */
export const MAX_INPUT_DEPTH = 32;

type Reason = 'nul-character' | 'lone-surrogate' | 'too-deep';

const REASONS: Record<Reason, string> = {
  'nul-character': 'contains a NUL character',
  'lone-surrogate': 'contains a lone UTF-16 surrogate (not valid Unicode)',
  'too-deep': `nests objects or arrays deeper than ${MAX_INPUT_DEPTH} levels`,
};

/** `String.prototype.isWellFormed` (ES2024, Node 20): no lone surrogate; a native scan, ~5 ms per MB of BPMN where a look-behind regex took ~45. */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

function problemOf(text: string): Reason | null {
  if (text.includes('\u0000')) return 'nul-character';
  if (!isWellFormed(text)) return 'lone-surrogate';
  return null;
}

/** The first hostile spot of `value`, walked without recursion so any depth is safe to inspect. */
function findHostile(value: unknown): { path: string; reason: Reason } | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = problemOf(v);
      if (reason) return { path, reason };
      continue;
    }
    if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) return { path, reason: 'too-deep' };
    for (const [key, child] of Object.entries(v)) {
      const childPath = Array.isArray(v) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const keyReason = problemOf(key);
      if (keyReason) return { path: `${path}${path ? '.' : ''}(a key)`, reason: keyReason };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Refuses hostile input before validation and before it reaches PostgreSQL: NUL characters and lone
 * surrogates in any string or key of a body, query or path parameter, and bodies nested deeper than
 * `MAX_INPUT_DEPTH`; a 400 `INPUT_REJECTED` names where, never echoing the value.
 */
@Injectable()
export class HostileInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = findHostile(value);
    if (!found) return value;
    const where = [metadata.type, metadata.data, found.path].filter(Boolean).join('.').replace('.[', '[');
    throw new DomainError('INPUT_REJECTED' as DomainErrorCode, `The request ${metadata.type} ${REASONS[found.reason]} at ${where}`, { location: metadata.type, path: where, reason: found.reason });
  }
}
