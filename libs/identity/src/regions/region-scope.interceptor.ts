import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { regionContext, type RegionScope } from '@tongban/kernel';
import type { Observable } from 'rxjs';

/**
 * Runs every route handler (with its pipes and the interceptors after this one) in the region scope
 * the auth guard found for the caller, so each query of the request carries it. A request without
 * one (no guard ran) runs in no scope and reads no row.
 */
@Injectable()
export class RegionScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = context.switchToHttp().getRequest<{ regionScope?: RegionScope }>().regionScope;
    return scope ? regionContext.run(scope, () => next.handle()) : regionContext.outside(() => next.handle());
  }
}
