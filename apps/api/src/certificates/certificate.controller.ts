import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CertificateService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { CertificateQuery, RegisterCertificateDto } from './certificate.dto';

/** The e-certificate register (电子证照). */
@ApiTags('certificates')
@ApiProtected()
@Controller('certificates')
export class CertificateController {
  constructor(private readonly certificates: CertificateService) {}

  @Post()
  @Access({ roles: ['admin', 'integrator'], owns: 'integrator', personalData: true })
  @ApiOperation({ summary: 'Register an existing e-certificate' })
  register(@Body() body: RegisterCertificateDto, @CurrentPrincipal() p: Principal) {
    return this.certificates.register(JSON.parse(JSON.stringify(body)), p.name);
  }

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'any', personalData: true })
  @ApiOperation({ summary: "A holder's certificates, with their status now (valid, suspended, revoked, cancelled, expired); clerks see certificates through their tasks" })
  list(@Query() query: CertificateQuery) {
    return this.certificates.listByHolder(query.holderCode);
  }

  @Get(':id')
  @Access({ roles: ['admin', 'supervisor', 'integrator'], owns: 'any', personalData: true })
  @ApiOperation({ summary: 'One certificate by its identifier' })
  get(@Param('id') id: string) {
    return this.certificates.get(id);
  }
}
