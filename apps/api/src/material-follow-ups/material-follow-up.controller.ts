import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MaterialFollowUpService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiErrorDto, ApiProtected } from '../http/api-docs.decorators';
import { IdParamPipe } from '../http/id-param.pipe';
import { paging } from '../http/paging.dto';
import { CloseMaterialFollowUpDto, MaterialFollowUpDto, MaterialFollowUpPageDto, MaterialFollowUpQuery, TerminateMaterialFollowUpDto } from './material-follow-up.dto';

/** Follow-ups of deferred (容缺) materials whose deadline passed without them. */
@ApiTags('applications')
@ApiProtected()
@Controller('material-follow-ups')
export class MaterialFollowUpController {
  constructor(private readonly followUps: MaterialFollowUpService) {}

  @Get()
  @Access({ roles: ['admin', 'supervisor', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: "Follow-ups of missed 容缺 deadlines, newest first; a clerk's are the own department's. One opens when a deferred material's deadline passes without it; the material handed in late closes it" })
  @ApiOkResponse({ type: MaterialFollowUpPageDto })
  list(@Query() query: MaterialFollowUpQuery, @CurrentPrincipal() p: Principal): Promise<MaterialFollowUpPageDto> {
    return this.followUps.list({ department: query.department, state: query.state, applicationId: query.applicationId, ...paging(query) }, p);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({ summary: "The department records how it followed the missed material up (by a clerk of the item's department); closes the follow-up" })
  @ApiOkResponse({ type: MaterialFollowUpDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "unknown, or another department's" })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'closed already' })
  close(@Param('id', IdParamPipe) id: string, @Body() body: CloseMaterialFollowUpDto, @CurrentPrincipal() p: Principal): Promise<MaterialFollowUpDto> {
    return this.followUps.close(id, body.comment, p);
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @Access({ roles: ['admin', 'clerk'], owns: 'department' })
  @ApiOperation({
    summary: "The department terminates the item of the missed material (终止办理, by a clerk of the item's department): its open step ends `terminated`, or its certificate held for the material is never issued; the opinion is the applicant's notice; the follow-up closes `terminated`. The bundle's other items continue",
  })
  @ApiOkResponse({ type: MaterialFollowUpDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: "unknown, or another department's" })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'closed already, the case ended, or the item has nothing open (not started, or finished)' })
  terminate(@Param('id', IdParamPipe) id: string, @Body() body: TerminateMaterialFollowUpDto, @CurrentPrincipal() p: Principal): Promise<MaterialFollowUpDto> {
    return this.followUps.terminate(id, body.comment, p);
  }
}
