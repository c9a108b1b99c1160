import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CorrectionService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { SupplementAnswerDto } from './application-response.dto';
import { SupplementDto } from './application-supplement.dto';
import { OwnedCase } from '../privacy/owned-case.guard';

/** 补正: the applicant's supplement answering a department's correction request. */
@ApiTags('applications')
@ApiProtected()
@Controller('applications')
export class ApplicationSupplementController {
  constructor(private readonly corrections: CorrectionService) {}

  @Post(':id/supplements')
  @Access({ roles: ['admin', 'integrator', 'applicant'], owns: 'applicant', personalData: true, actsForApplicant: true })
  @OwnedCase('application')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the open correction request: exactly the fields and materials asked for; the case resumes at the same step for the same department and the clock runs again' })
  @ApiOkResponse({ type: SupplementAnswerDto, description: 'the correction request, answered, with the diff of the fields it changed' })
  @ApiUnprocessableEntityResponse({ description: 'APPLICATION_INCOMPLETE: `details.problems` lists every asked field or material still missing or invalid and anything not asked for; nothing was written' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'No correction request is open, or its deadline has passed' })
  supplement(@Param('id', IdParamPipe) id: string, @Body() body: SupplementDto, @CurrentPrincipal() principal: Principal) {
    return this.corrections.supplement(id, JSON.parse(JSON.stringify(body)), principal.name);
  }
}
