import { createHash } from 'node:crypto';

/** API keys are stored as their sha256; the key itself is never kept. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
