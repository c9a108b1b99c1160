/** How webhooks are delivered, from the environment. */
export interface WebhookSettings {
  /** Loopback and private targets allowed: `TONGBAN_WEBHOOK_ALLOW_PRIVATE=true`, or any mode but production. */
  allowPrivate: boolean;
  /** Per attempt, `TONGBAN_WEBHOOK_TIMEOUT_MS` (default 10 000). */
  timeoutMs: number;
  /** Attempts of one delivery, `TONGBAN_WEBHOOK_ATTEMPTS` (default 8). */
  attempts: number;
  /** First retry delay, doubled each attempt, `TONGBAN_WEBHOOK_BACKOFF_MS` (default 10 000). */
  backoffMs: number;
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${raw}`);
  return value;
}

export function webhookSettings(env: Record<string, string | undefined>): WebhookSettings {
  return {
    allowPrivate: env.TONGBAN_WEBHOOK_ALLOW_PRIVATE === 'true' || (env.TONGBAN_WEBHOOK_ALLOW_PRIVATE !== 'false' && env.NODE_ENV !== 'production'),
    timeoutMs: positive(env.TONGBAN_WEBHOOK_TIMEOUT_MS, 10_000, 'TONGBAN_WEBHOOK_TIMEOUT_MS'),
    attempts: positive(env.TONGBAN_WEBHOOK_ATTEMPTS, 8, 'TONGBAN_WEBHOOK_ATTEMPTS'),
    backoffMs: positive(env.TONGBAN_WEBHOOK_BACKOFF_MS, 10_000, 'TONGBAN_WEBHOOK_BACKOFF_MS'),
  };
}
