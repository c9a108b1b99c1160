import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from '@tongban/runtime';

/**
 * Records each request's latency into `tongban_http_request_duration_seconds`, labelled by the
 * route template that served it (`/api/v1/tasks/:id`, never the URL, so ids make no new series),
 * method and status. One timer and one histogram observation per request.
 */
export function httpMetrics(request: Request, response: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer();
  response.once('finish', () => {
    const route = (request as Request & { route?: { path?: unknown } }).route?.path;
    end({ method: request.method, route: typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched', status: String(response.statusCode) });
  });
  next();
}
