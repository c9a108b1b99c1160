import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@tongban/identity';
import { ApplicationProgressService, ApplicationService } from '@tongban/catalog';
import { CaseAccessService, NotFoundError, type CasePart } from '@tongban/runtime';

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
    private readonly access: CaseAccessService,
    private readonly applications: ApplicationService,
    private readonly progress: ApplicationProgressService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<OwnedCaseKind | undefined>(OWNED_CASE, context.getHandler());
    const request = context.switchToHttp().getRequest<{ principal?: Principal; params: Record<string, string> }>();
    const id = request.params.id;
    // an id that is no UUID names nothing: the route's IdParamPipe answers 404
    if (!kind || !request.principal || !id || !UUID.test(id)) return true;
    if (kind === 'instance') await this.access.assertInstance(request.principal, id);
    else if (kind === 'application') await this.assertApplication(request.principal, id);
    else await this.access.assertPart(request.principal, kind, id);
    return true;
  }

  private async assertApplication(principal: Principal, id: string): Promise<void> {
    const application = await this.applications.find(id);
    if (!(await this.progress.mayRead(principal, application))) throw new NotFoundError('Application', id);
  }
}
