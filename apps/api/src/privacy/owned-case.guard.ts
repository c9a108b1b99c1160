import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Principal } from '@tongban/identity';
import { ApplicationProgressService, ApplicationService } from '@tongban/catalog';
import { CaseAccessService, caseScopeOf, NotFoundError, type CasePart, type RegionScope } from '@tongban/runtime';

const OWNED_CASE = 'tongban:owned-case';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the route's `:id` names: a process instance, a task, job or incident of one, or an application. */
export type OwnedCaseKind = 'instance' | 'application' | CasePart;

/**
 * Object-level access after the role check: the case behind the route's `:id` must be one the caller
 * may see (an integrator's own, a clerk's department's, an applicant's own, any for supervisors and admins), else 404
 * as if it did not exist. See `CaseAccessService`.
 */
export const OwnedCase = (kind: OwnedCaseKind): MethodDecorator =>
  applyDecorators(SetMetadata(OWNED_CASE, kind), UseGuards(OwnedCaseGuard)) as MethodDecorator;

@Injectable()
export class OwnedCaseGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly modules: ModuleRef,
  ) {}

  /** Guards on routes of every api module: the services are looked up app-wide, not in the controller's module. */
  private service<T>(type: new (...args: never[]) => T): T {
    return this.modules.get(type, { strict: false });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<OwnedCaseKind | undefined>(OWNED_CASE, context.getHandler());
    const request = context.switchToHttp().getRequest<{ principal?: Principal; regionScope?: RegionScope; params: Record<string, string> }>();
    const id = request.params.id;
    // an id that is no UUID names nothing: the route's IdParamPipe answers 404
    if (!kind || !request.principal || !id || !UUID.test(id) || !request.regionScope) return true;
    // a clerk's tasks are confined to the department by the task commands themselves (403 for another's)
    if (kind === 'task' && caseScopeOf(request.principal).kind === 'department') return true;
    const principal = request.principal;
    const access = this.service(CaseAccessService);
    // the auth guard gave the request its scope: the lookups act in it
    if (kind === 'instance') await access.assertInstance(principal, id);
    else if (kind === 'application') await this.assertApplication(principal, id);
    else await access.assertPart(principal, kind, id);
    return true;
  }

  private async assertApplication(principal: Principal, id: string): Promise<void> {
    const application = await this.service(ApplicationService).find(id);
    if (!(await this.service(ApplicationProgressService).mayRead(principal, application))) throw new NotFoundError('Application', id);
  }
}
