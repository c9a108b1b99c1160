import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApplicationProgressService, ApplicationService } from '@tongban/catalog';
import { Access, ANY_ROLE, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { paging } from '../http/paging.dto';
import { ApplicationQuery, SubmitApplicationDto } from './application.dto';

/** Applications (办件): submit once for a bundle, follow progress item by item. */
@ApiTags('applications')
@ApiProtected()
@Controller('applications')
export class ApplicationController {
  constructor(
    private readonly applications: ApplicationService,
    private readonly progress: ApplicationProgressService,
  ) {}

  @Post()
  @Access({ roles: ['admin', 'integrator'], owns: 'applicant', personalData: true, actsForApplicant: true })
  @ApiOperation({ summary: 'Submit an application: form checked at once, materials exempted by certificates, the bundle process started' })
  @ApiCreatedResponse({ description: '`{id, processInstanceId, exemptMaterials, pendingMaterials, deferredMaterials, missingMaterials: []}`' })
  @ApiUnprocessableEntityResponse({ description: 'Key materials missing: `details.notice` is the one-time notice (一次性告知); nothing was created' })
  submit(@Body() body: SubmitApplicationDto, @CurrentPrincipal() p: Principal) {
    return this.applications.submit(JSON.parse(JSON.stringify(body)), p.name);
  }

  @Get()
  @Access({ roles: ANY_ROLE, owns: 'department', personalData: true })
  @ApiOperation({ summary: "Applications, e.g. an applicant's (`applicantCode`), newest first" })
  list(@Query() query: ApplicationQuery) {
    return this.progress.list({ applicantCode: query.applicantCode, bundleCode: query.bundleCode, ...paging(query) });
  }

  @Get(':id')
  @Access({ roles: ANY_ROLE, owns: 'department', personalData: true })
  @ApiOperation({ summary: 'Progress item by item (public-safe: no staff or internal ids)' })
  get(@Param('id') id: string) {
    return this.progress.get(id);
  }
}
