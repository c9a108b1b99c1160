import { regionContext } from '@tongban/kernel';

/**
 * Runs each request in a region context of its own that starts with no scope: the auth guard gives
 * it the caller's (`regionContext.assign`), so the route handler, its pipes and everything they await
 * act in that scope, and a request no guard let through reads no row. One `AsyncLocalStorage.run` per
 * request, where a global interceptor made Nest wrap every handler in its interceptor pipeline.
 */
export function regionScopeMiddleware(request: object, _response: unknown, next: () => void): void {
  regionContext.runRequest(next, request);
}
