import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CorrectionService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { RequestCorrectionDto, TaskWithCorrectionDto } from './task-correction.dto';

/** 补正: a department returns a bundle step's case to the applicant for correction. */
@ApiTags('tasks')
@ApiProtected()
@Controller('tasks')
export class TaskCorrectionController {
  constructor(private readonly corrections: CorrectionService) {}

  @Post(':id/correction')
  @Access({ roles: ['admin', 'clerk'], owns: 'department', personalData: true })
  @HttpCode(200)
  @ApiOperation({ summary: "Ask the applicant, once and listing everything (一次性告知), to correct fields or supply materials of the task's item by a deadline in working days; the task waits in state `correction` and the item's legal clock pauses until the supplement" })
  @ApiOkResponse({ type: TaskWithCorrectionDto })
  @ApiBadRequestResponse({ description: "VALIDATION_FAILED: an entry names a field or material the task's item does not have (`details.errors` lists every one), or the task is not a step of an application" })
  @ApiForbiddenResponse({ description: "Another department's task" })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The task is completed, cancelled, already waiting for a correction, claimed by someone else, or a concurrent command won' })
  request(@Param('id', IdParamPipe) id: string, @Body() body: RequestCorrectionDto, @CurrentPrincipal() principal: Principal) {
    return this.corrections.request(id, JSON.parse(JSON.stringify(body)), principal);
  }
}
