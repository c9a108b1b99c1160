import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Tongban-Signature` of a webhook request: `sha256=` and the hex HMAC-SHA256, keyed with the
 * subscription's secret, of `<X-Tongban-Timestamp>.<raw body>` — the timestamp (Unix seconds) is
 * signed too, so a receiver that refuses old timestamps cannot be replayed to.
 */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: string, rawBody: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
