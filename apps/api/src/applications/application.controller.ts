import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApplicationProgressService, ApplicationService } from '@tongban/catalog';
import { Access, CurrentPrincipal, IdentityAuditService, type Principal } from '@tongban/identity';
import { DomainError, ownerOf } from '@tongban/runtime';
import { acceptedForApplicant, isSignedInApplicant } from './applicant-view';
import { ApiProtected } from '../http/api-docs.decorators';
import { CASE_READERS } from '../privacy/case-readers';
import { paging } from '../http/paging.dto';
import { assertMayLookUpApplicants, disclosureFor, maskApplicant, type Disclosure } from '../privacy/case-data-disclosure';
import { DisclosureQuery } from '../privacy/disclosure.dto';
import { AcceptedApplicationDto, ApplicationPageDto, ApplicationProgressDto } from './application-response.dto';
import { ApplicationQuery, SubmitApplicationDto } from './application.dto';

/** Roles that read applications: staff and integrators by their scope of cases, applicants their own. */
const APPLICATION_READERS = [...CASE_READERS, 'applicant'] as const;

/** Applications (办件): submit once for a bundle, follow progress item by item. */
@ApiTags('applications')
@ApiProtected()
@Controller('applications')
export class ApplicationController {
  constructor(
    private readonly applications: ApplicationService,
    private readonly progress: ApplicationProgressService,
    private readonly audit: IdentityAuditService,
  ) {}

  @Post()
  @Access({ roles: ['admin', 'integrator', 'applicant'], owns: 'applicant', personalData: true, actsForApplicant: true })
  @ApiOperation({ summary: 'Submit an application: form checked at once, materials exempted by certificates, the bundle process started; the caller (an API key: its integrator) owns the case; an applicant (or a key acting for one) only for themselves' })
  @ApiCreatedResponse({ type: AcceptedApplicationDto, description: 'an applicant signed in with their own account gets no `processInstanceId`' })
  @ApiUnprocessableEntityResponse({ description: 'APPLICATION_INCOMPLETE, the one-time notice (一次性告知): `details.problems` lists every invalid or missing field (`{kind: "field", field, reason}`) and every missing key material (`{kind: "material", item, material, reason}`) at once, `details.notice` is the notice to show the applicant; nothing was created. IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for another submission' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a submission with the same key and body returns the first response (200) instead of creating another case; another body under the key → 422 IDEMPOTENCY_KEY_REUSED; keys are kept 25 h per caller' })
  @ApiOkResponse({ type: AcceptedApplicationDto, description: 'An earlier submission with the same Idempotency-Key and body created this case' })
  async submit(
    @Body() body: SubmitApplicationDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) response: Response,
    @Headers('Idempotency-Key') idempotencyKey?: string,
  ) {
    if (p.applicant && body.applicant?.code !== p.applicant) {
      throw new DomainError('FORBIDDEN', 'An applicant applies only for themselves: applicant.code must be the code of the applicant the request is made for', { field: 'applicant.code' });
    }
    const { application, created } = await this.applications.submit(JSON.parse(JSON.stringify(body)), p.name, idempotencyKey || undefined, ownerOf(p));
    if (!created) response.status(200);
    return isSignedInApplicant(p) ? acceptedForApplicant(application) : application;
  }

  @Get()
  @Access({ roles: APPLICATION_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: "Applications the caller may see (a clerk: with a step of the department; an integrator: those it submitted; an applicant: their own), e.g. an applicant's (`applicantCode`: supervisors, admins, integrators), newest first; names masked for supervisors and admins unless `unmask=true&reason=…`; every read is audited" })
  @ApiOkResponse({ type: ApplicationPageDto })
  async list(@Query() query: ApplicationQuery, @CurrentPrincipal() p: Principal) {
    if (query.applicantCode !== undefined) assertMayLookUpApplicants(p);
    const disclosure = disclosureFor(p, query);
    const page = await this.progress.list({ applicantCode: query.applicantCode, bundleCode: query.bundleCode, ...paging(query) }, p);
    await this.recordRead(p, 'applications', disclosure, { applications: page.items.map((a) => a.id), ...(query.applicantCode !== undefined && { lookup: 'applicantCode' }) });
    return { ...page, items: page.items.map((a) => maskApplicant(a, disclosure)) };
  }

  @Get(':id')
  @Access({ roles: APPLICATION_READERS, owns: 'department', personalData: true })
  @ApiOperation({ summary: "Progress item by item (public-safe: no staff or internal ids): each item's state, its department's `decision` (approved, rejected, …) and `opinion`, and once ended the case's `outcome` (approved, partially-approved, rejected, withdrawn, terminated); a clerk sees only cases with a step of their department; the applicant's name masked for supervisors and admins unless `unmask=true&reason=…`; every read is audited" })
  @ApiOkResponse({ type: ApplicationProgressDto })
  async get(@Param('id') id: string, @Query() query: DisclosureQuery, @CurrentPrincipal() p: Principal) {
    const disclosure = disclosureFor(p, query);
    const progress = await this.progress.get(id, p);
    await this.recordRead(p, `application:${id}`, disclosure, {});
    return maskApplicant(progress, disclosure);
  }

  /** Appends who read which case's personal data, masked or in clear and why, to the append-only audit log. */
  private async recordRead(p: Principal, target: string, disclosure: Disclosure, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ actor: p.name, action: 'personal-data.read', target, details: { ...details, masked: disclosure.masked, ...(disclosure.reason && { reason: disclosure.reason }) } });
  }
}
