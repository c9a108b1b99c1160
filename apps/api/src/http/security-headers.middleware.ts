import type { NextFunction, Request, Response } from 'express';

/**
 * Only this origin's scripts, styles (bpmn-js sets inline styles), images and API; never framed.
 * Frames show only what the UI fetched itself: an uploaded PDF opened from a `blob:` URL.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS for a year, sent only over TLS (directly or as the reverse proxy reports it). */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Sets the security headers of every response: CSP with frame-ancestors, nosniff, no referrer, HSTS behind TLS. */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (request.secure || request.headers['x-forwarded-proto'] === 'https') response.setHeader('Strict-Transport-Security', HSTS);
  next();
}
