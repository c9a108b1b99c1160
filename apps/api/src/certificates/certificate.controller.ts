import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CertificateService, maskPersonal, type CertificateView } from '@tongban/catalog';
import { Access, CurrentPrincipal, IdentityAuditService, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { disclosureFor, type Disclosure } from '../privacy/case-data-disclosure';
import { DisclosureQuery } from '../privacy/disclosure.dto';
import { CertificateDto, CertificatePageDto, CertificateQuery, RegisteredCertificateDto, RegisterCertificateDto } from './certificate.dto';

/** Roles that read the register: integrators and applicants only what is theirs. */
const REGISTER_READERS = ['admin', 'supervisor', 'integrator', 'applicant'] as const;

/** The e-certificate register (电子证照). */
@ApiTags('certificates')
@ApiProtected()
@Controller('certificates')
export class CertificateController {
  constructor(
    private readonly certificates: CertificateService,
    private readonly audit: IdentityAuditService,
  ) {}

  @Post()
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator', personalData: true })
  @ApiOperation({ summary: 'Register an existing e-certificate (409 for a type and number another region\'s register holds)' })
  @ApiCreatedResponse({ type: RegisteredCertificateDto })
  register(@Body() body: RegisterCertificateDto, @CurrentPrincipal() p: Principal) {
    return this.certificates.register(JSON.parse(JSON.stringify(body)), p.name);
  }

  @Get()
  @Access({ roles: REGISTER_READERS, owns: 'integrator', personalData: true })
  @ApiOperation({ summary: "A holder's certificates, with their status now (valid, suspended, revoked, cancelled, expired): an integrator those it registered or its cases issued, an applicant their own; the holder masked for supervisors and admins unless `unmask=true&reason=…`; every read is audited; clerks see certificates through their tasks" })
  @ApiOkResponse({ type: CertificatePageDto })
  async list(@Query() query: CertificateQuery, @CurrentPrincipal() p: Principal) {
    const disclosure = disclosureFor(p, query);
    const page = await this.certificates.listByHolder(query.holderCode, p);
    await this.recordRead(p, 'certificates', disclosure, { certificates: page.items.map((c) => c.id), lookup: 'holderCode' });
    return { ...page, items: page.items.map((c) => maskHolder(c, disclosure)) };
  }

  @Get(':id')
  @Access({ roles: REGISTER_READERS, owns: 'integrator', personalData: true })
  @ApiOperation({ summary: 'One certificate by its identifier (404 for one the caller may not see); the holder masked for supervisors and admins unless `unmask=true&reason=…`; audited' })
  @ApiOkResponse({ type: CertificateDto })
  async get(@Param('id') id: string, @Query() disclosureQuery: DisclosureQuery, @CurrentPrincipal() p: Principal) {
    const disclosure = disclosureFor(p, disclosureQuery);
    const certificate = await this.certificates.get(id, p);
    await this.recordRead(p, `certificate:${id}`, disclosure, {});
    return maskHolder(certificate, disclosure);
  }

  private async recordRead(p: Principal, target: string, disclosure: Disclosure, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ actor: p.name, action: 'personal-data.read', target, details: { ...details, masked: disclosure.masked, ...(disclosure.reason && { reason: disclosure.reason }) } });
  }
}

/** A certificate with its holder's identifier and (a citizen's) name masked the GB/T 35273 way when the caller sees masked data. */
function maskHolder(c: CertificateView, disclosure: Disclosure): CertificateView {
  if (!disclosure.masked) return c;
  const citizen = c.holder.codeType === '111';
  return { ...c, holder: { ...c.holder, code: maskPersonal(c.holder.code, 'id-number') as string, ...(citizen && { name: maskPersonal(c.holder.name, 'name') as string }) } };
}
