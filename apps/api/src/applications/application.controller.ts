import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApplicationProgressService, ApplicationService } from '@tongban/catalog';
import { CurrentPrincipal, Roles, type Principal } from '@tongban/identity';
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
  @Roles('integrator')
  @ApiOperation({ summary: 'Submit an application: form checked at once, materials exempted by certificates, the bundle process started' })
  @ApiCreatedResponse({ description: '`{id, processInstanceId, exemptMaterials, pendingMaterials, deferredMaterials, missingMaterials: []}`' })
  @ApiUnprocessableEntityResponse({ description: 'APPLICATION_INCOMPLETE, the one-time notice (一次性告知): `details.problems` lists every invalid or missing field (`{kind: "field", field, reason}`) and every missing key material (`{kind: "material", item, material, reason}`) at once, `details.notice` is the notice to show the applicant; nothing was created. IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for another submission' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a submission with the same key and body returns the first response (200) instead of creating another case; another body under the key → 422 IDEMPOTENCY_KEY_REUSED; keys are kept 25 h per caller' })
  @ApiOkResponse({ description: 'An earlier submission with the same Idempotency-Key and body created this case' })
  async submit(
    @Body() body: SubmitApplicationDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) response: Response,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const { application, created } = await this.applications.submit(JSON.parse(JSON.stringify(body)), p.name, idempotencyKey || undefined);
    if (!created) response.status(200);
    return application;
  }

  @Get()
  @ApiOperation({ summary: "Applications, e.g. an applicant's (`applicantCode`), newest first" })
  list(@Query() query: ApplicationQuery) {
    return this.progress.list({ applicantCode: query.applicantCode, bundleCode: query.bundleCode, ...paging(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: "Progress item by item (public-safe: no staff or internal ids): each item's state, its department's `decision` (approved, rejected, …) and `opinion`, and once ended the case's `outcome` (approved, partially-approved, rejected, withdrawn, terminated)" })
  get(@Param('id') id: string) {
    return this.progress.get(id);
  }
}
